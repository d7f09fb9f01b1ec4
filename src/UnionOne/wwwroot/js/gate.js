// Gate page: scan the member code with the device camera where the browser can (BarcodeDetector), and submit it.
// Without a camera or that API, a hardware scanner (which types the code and Enter) or typing works the same.
(function () {
  var button = document.getElementById('camera-scan');
  var input = document.getElementById('code');
  if (!button || !input) return;
  if (!('BarcodeDetector' in window) || !navigator.mediaDevices || !navigator.mediaDevices.getUserMedia) return;
  button.hidden = false;
  button.addEventListener('click', function () {
    var video = document.getElementById('camera-view');
    var detector = new window.BarcodeDetector({ formats: ['qr_code'] });
    navigator.mediaDevices.getUserMedia({ video: { facingMode: 'environment' } }).then(function (stream) {
      video.srcObject = stream;
      video.hidden = false;
      return video.play().then(function () {
        var tick = function () {
          detector.detect(video).then(function (codes) {
            if (codes.length > 0) {
              stream.getTracks().forEach(function (t) { t.stop(); });
              input.value = codes[0].rawValue;
              input.form.submit();
            } else {
              window.requestAnimationFrame(tick);
            }
          }, function () { window.requestAnimationFrame(tick); });
        };
        tick();
      });
    }, function () { button.textContent = button.getAttribute('data-unavailable'); button.disabled = true; });
  });
})();
