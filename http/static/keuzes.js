// Keuzes samenstellen: the amount of each card line, the total and what is
// left of the local budget, recomputed as the user types, with a warning
// when the choices cost more than the budget. The server checks again on
// save; without this script the form works the same, only without the live
// sums. Amounts are in cents; quantities in thousandths, as on the server.
(function () {
  "use strict";
  var form = document.getElementById("keuzes");
  if (!form) return;
  var budget = parseInt(form.getAttribute("data-budget"), 10);
  var euro = new Intl.NumberFormat("nl-NL", { style: "currency", currency: "EUR" });
  function milli(s) {
    s = (s || "").trim().replace(/\./g, "").replace(",", ".");
    if (s === "") return 0;
    if (!/^\d+(\.\d{1,3})?$/.test(s)) return NaN;
    var parts = s.split(".");
    return parseInt(parts[0], 10) * 1000 + parseInt(((parts[1] || "") + "000").slice(0, 3), 10);
  }
  function price(cents, q) { // as CardItem.PriceFor: rounded to the cent
    return Math.round((cents * q) / 1000);
  }
  function show(el, cents) { el.textContent = euro.format(cents / 100); }
  function update() {
    var total = 0, bad = false;
    form.querySelectorAll("input[data-price]").forEach(function (input) {
      var q = milli(input.value), out = document.getElementById(input.getAttribute("data-amount"));
      if (isNaN(q)) { bad = true; out.textContent = "–"; return; }
      var amount = price(parseInt(input.getAttribute("data-price"), 10), q);
      total += amount;
      show(out, amount);
    });
    show(document.getElementById("totaal"), total);
    show(document.getElementById("resterend"), budget - total);
    var warn = document.getElementById("budget-waarschuwing"), text = document.getElementById("budget-waarschuwing-tekst");
    if (total > budget) {
      text.textContent = "Let op: de keuzes kosten " + euro.format(total / 100) + ", " + euro.format((total - budget) / 100) +
        " meer dan de lokale ruimte van " + euro.format(budget / 100) + ". Verlaag een of meer aantallen; zo wordt het niet opgeslagen.";
      warn.hidden = false;
    } else if (bad) {
      text.textContent = "Een aantal is geen getal: schrijf bijvoorbeeld 1,5 of 12.";
      warn.hidden = false;
    } else {
      warn.hidden = true;
    }
  }
  form.addEventListener("input", update);
})();
