// The status page is rendered on the server; this swaps in a freshly rendered panel every two seconds.
(function () {
  async function refresh() {
    const panel = document.getElementById('panel');
    try {
      const response = await fetch('/msk-producer/status/panel', { headers: { Accept: 'text/html' } });
      if (response.ok) {
        panel.outerHTML = await response.text();
      }
    } catch (e) {
      const updated = document.getElementById('updated');
      if (updated) {
        updated.textContent = 'not updated: ' + e;
      }
    }
  }
  setInterval(refresh, 2000);
})();
