// Progress of a report job without reloading the page: every 2 seconds the
// page's own address is fetched and the status region is brought up to
// date, until the job is finished. Without script the page has a link
// that refreshes it by hand.
(function () {
  "use strict";
  var job = document.getElementById("taak");
  if (!job || job.getAttribute("data-klaar") === "ja" || !window.fetch || !window.DOMParser) {
    return;
  }
  function update() {
    fetch(window.location.href, { credentials: "same-origin", headers: { "Accept": "text/html" } })
      .then(function (resp) { return resp.ok ? resp.text() : Promise.reject(resp.status); })
      .then(function (html) {
        var next = new DOMParser().parseFromString(html, "text/html");
        var nextJob = next.getElementById("taak");
        if (!nextJob) {
          return;
        }
        var bar = document.getElementById("voortgang"), nextBar = next.getElementById("voortgang");
        bar.value = nextBar.value;
        bar.textContent = nextBar.textContent;
        var status = document.getElementById("taak-status"), nextStatus = next.getElementById("taak-status").textContent;
        if (status.textContent !== nextStatus) {
          status.textContent = nextStatus;
        }
        var done = nextJob.getAttribute("data-klaar") === "ja";
        if (done) {
          document.getElementById("taak-resultaat").innerHTML = next.getElementById("taak-resultaat").innerHTML;
          job.setAttribute("data-klaar", "ja");
          return;
        }
        window.setTimeout(update, 2000);
      })
      .catch(function () { window.setTimeout(update, 5000); });
  }
  window.setTimeout(update, 2000);
})();
