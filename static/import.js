// Keeps an import's progress bar moving without reloading the page; without JavaScript the
// page refreshes itself instead. Reloads once the import is finished, to show the results.
(function () {
  'use strict';
  var bar = document.getElementById('import-progress');
  var text = document.getElementById('import-progress-text');
  if (!bar || !window.fetch) return;
  var url = bar.getAttribute('data-progress-url');
  function poll() {
    fetch(url, { credentials: 'same-origin', headers: { Accept: 'application/json' } })
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (p) {
        if (!p) { setTimeout(poll, 3000); return; }
        bar.max = Math.max(p.total, 1);
        bar.value = p.processed;
        bar.textContent = Math.floor((100 * p.processed) / Math.max(p.total, 1)) + '%';
        if (text) text.textContent = p.text;
        if (p.status === 'queued' || p.status === 'running') setTimeout(poll, 1000);
        else window.location.reload();
      })
      .catch(function () { setTimeout(poll, 3000); });
  }
  setTimeout(poll, 1000);
})();
