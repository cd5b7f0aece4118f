/* Upload a manifest with a progress bar: the form posts through XMLHttpRequest, shows the
   percentage sent, then "checking…" while the server keeps the draft, then opens the check
   page. Without JavaScript the same form posts normally. No inline script (CSP). */
(function () {
  "use strict";

  function statusParts(form) {
    var status = form.querySelector("[data-upload-status]");
    return {
      box: status,
      bar: status && status.querySelector("progress"),
      text: status && status.querySelector("[data-upload-text]"),
    };
  }

  function showErrors(xhr) {
    // The form again, with its errors (HTTP 400): show the server's page in place.
    var doc = new DOMParser().parseFromString(xhr.responseText, "text/html");
    var fresh = doc.getElementById("main-content");
    var main = document.getElementById("main-content");
    if (!fresh || !main) {
      window.location.reload();
      return;
    }
    main.innerHTML = fresh.innerHTML;
    main.focus();
  }

  function send(form, parts) {
    var button = form.querySelector("[type=submit]");
    var xhr = new XMLHttpRequest();
    xhr.open("POST", form.action);
    xhr.setRequestHeader("X-Enlace-Upload", "1");
    xhr.upload.addEventListener("progress", function (event) {
      if (!event.lengthComputable) return;
      var percent = Math.round((event.loaded * 100) / event.total);
      parts.bar.value = percent;
      parts.text.textContent = form.dataset.uploading + " " + percent + "%";
    });
    xhr.upload.addEventListener("load", function () {
      parts.bar.removeAttribute("value"); // indeterminate while the server works
      parts.text.textContent = form.dataset.checking;
    });
    xhr.addEventListener("load", function () {
      var answer = null;
      if (xhr.status === 200) {
        try {
          answer = JSON.parse(xhr.responseText);
        } catch (ignored) {
          answer = null;
        }
      }
      if (answer && answer.location) {
        window.location.assign(answer.location);
      } else if (xhr.status === 400) {
        showErrors(xhr);
      } else {
        parts.text.textContent = form.dataset.failed;
        button.disabled = false;
      }
    });
    xhr.addEventListener("error", function () {
      parts.text.textContent = form.dataset.failed;
      button.disabled = false;
    });
    button.disabled = true;
    parts.box.hidden = false;
    parts.bar.value = 0;
    parts.text.textContent = form.dataset.uploading + " 0%";
    xhr.send(new FormData(form));
  }

  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!form.matches || !form.matches("form[data-upload-progress]")) return;
    if (!window.FormData || !window.DOMParser) return;
    var input = form.querySelector("input[type=file]");
    var parts = statusParts(form);
    if (!input || !input.files || !input.files.length || !parts.bar) return;
    event.preventDefault();
    send(form, parts);
  });
})();
