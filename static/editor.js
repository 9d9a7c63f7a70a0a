// Live preview for the page editor: as the text changes, the server renders it (the same
// sanitizer as publishing) into the column's preview box. Without JavaScript, the Preview
// button does the same with a page reload.
(function () {
  "use strict";
  var forms = document.querySelectorAll("form[data-preview]");
  Array.prototype.forEach.call(forms, function (form) {
    var body = form.querySelector("textarea[name=body]");
    var box = document.getElementById(form.getAttribute("data-preview"));
    if (!body || !box) return;
    var timer = null;
    var last = null;
    function update() {
      if (body.value === last) return;
      last = body.value;
      var data = new URLSearchParams();
      data.set("csrf", form.querySelector("input[name=csrf]").value);
      data.set("body", body.value);
      fetch(form.getAttribute("data-preview-url"), { method: "POST", body: data, credentials: "same-origin" })
        .then(function (r) { return r.ok ? r.text() : Promise.reject(r.status); })
        .then(function (html) {
          box.querySelector(".prose").innerHTML = html;
          box.hidden = false;
        })
        .catch(function () { /* keep the last preview; the Preview button still works */ });
    }
    body.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(update, 400);
    });
  });
})();
