// Follows a training on its page without reloading: asks the JSON API every second while the training is not
// final and puts state, progress, metrics, reason and the log's end in place (as text: nothing from the API becomes
// markup). Once it has ended, the stored log is fetched once more.
(function () {
  var root = document.getElementById("training");
  if (!root) { return; }
  var FINAL = { FINISHED: true, FAILED: true, CANCELLED: true };
  var log = document.getElementById("log");
  function show(t) {
    var state = document.getElementById("state");
    state.textContent = t.state;
    state.className = "state " + t.state;
    var percent = Math.round((t.progress || 0) * 100);
    document.getElementById("progress").value = percent;
    document.getElementById("percent").textContent = percent + "%";
    var metrics = Object.keys(t.metrics || {}).map(function (k) { return k + "=" + t.metrics[k]; });
    document.getElementById("metrics").textContent = metrics.length ? "{" + metrics.join(", ") + "}" : "-";
    document.getElementById("reason").textContent = t.reason || "";
    return FINAL[t.state] === true;
  }
  function showLog() {
    if (!log || !log.dataset.api) { return Promise.resolve(); }
    return fetch(log.dataset.api, { credentials: "same-origin" })
      .then(function (r) { return r.json(); })
      .then(function (l) {
        var atEnd = log.scrollTop + log.clientHeight >= log.scrollHeight - 4;
        log.textContent = l.text;
        if (atEnd) { log.scrollTop = log.scrollHeight; } // follow the end unless the reader scrolled up
      });
  }
  function poll() {
    fetch(root.dataset.api, { credentials: "same-origin" })
      .then(function (r) { return r.json(); })
      .then(function (t) {
        var ended = show(t);
        return showLog().then(function () { if (!ended) { setTimeout(poll, 1000); } });
      })
      .catch(function () { setTimeout(poll, 3000); });
  }
  if (!FINAL[document.getElementById("state").textContent]) { setTimeout(poll, 1000); }
})();
