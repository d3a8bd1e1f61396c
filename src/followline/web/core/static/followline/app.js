/* followline: the little the pages do in the browser (no inline script: the CSP forbids it).
 *  - after an action, move focus to its message or to the form's error summary, so a
 *    keyboard or screen-reader user starts there;
 *  - fill empty time-zone fields (data-browser-zone) with the browser's own zone, and tell
 *    the server that zone (cookie followline_tz) so that times are shown in it;
 *  - ask before a delete that cannot be undone (forms with data-confirm);
 *  - the same focus after a form sent with htmx (a write answered with the parts it changed).
 */
(function () {
  "use strict";
  function focusFirst() {
    var target = document.querySelector(".error-summary") || document.getElementById("messages");
    if (target) {
      target.focus();
    }
  }
  function fillZones() {
    var zone;
    try {
      zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
    } catch (e) {
      return;
    }
    if (!zone) {
      return;
    }
    // the server shows times in the viewer's zone, and labels those in another one
    if (document.cookie.indexOf("followline_tz=" + zone) === -1) {
      document.cookie = "followline_tz=" + zone + "; path=/; max-age=31536000; SameSite=Lax";
    }
    document.querySelectorAll("input[data-browser-zone]").forEach(function (input) {
      if (!input.value || input.value === "UTC") {
        input.value = zone;
      }
    });
  }
  function confirmDeletes() {
    // data-confirm: ask before the form is sent; with data-confirm-button="name", only when
    // it is sent by the button of that name (a form that saves and also resets)
    document.addEventListener("submit", function (event) {
      var form = event.target;
      var question = form.getAttribute && form.getAttribute("data-confirm");
      var only = form.getAttribute && form.getAttribute("data-confirm-button");
      var by = event.submitter;
      if (only && (!by || by.getAttribute("name") !== only)) {
        return;
      }
      if (question && !window.confirm(question)) {
        event.preventDefault();
      }
    });
  }
  document.addEventListener("DOMContentLoaded", function () {
    fillZones();
    focusFirst();
  });
  confirmDeletes();
  document.addEventListener("htmx:afterSwap", function (event) {
    var config = event.detail && event.detail.requestConfig;
    if (config && config.elt && config.elt.tagName === "FORM") {
      focusFirst();
    }
  });
})();
