// A little script that only enhances; every page works without it.
(function () {
  "use strict";
  // After moving from one page of the site to the next, put keyboard and screen-reader focus on the new page's
  // heading (the first page of a visit starts at the top, with the skip link).
  try {
    if (sessionStorage.getItem("shp-visited") && !location.hash) {
      var h1 = document.querySelector("main h1");
      if (h1) { h1.setAttribute("tabindex", "-1"); h1.focus({ preventScroll: false }); }
    }
    sessionStorage.setItem("shp-visited", "1");
  } catch (e) { /* storage disabled: nothing to enhance */ }

  // "In meiner Nähe": the browser's location, only when the person asks for it.
  var near = document.querySelector("[data-near-me]");
  if (near && "geolocation" in navigator) {
    near.hidden = false;
    near.addEventListener("click", function () {
      var form = near.form, status = document.getElementById(near.getAttribute("aria-describedby") || "");
      if (status) status.textContent = near.getAttribute("data-locating") || "";
      navigator.geolocation.getCurrentPosition(function (pos) {
        form.elements["lat"].value = pos.coords.latitude.toFixed(3);
        form.elements["lon"].value = pos.coords.longitude.toFixed(3);
        if (form.elements["ort"]) form.elements["ort"].value = "";
        form.submit();
      }, function () {
        if (status) status.textContent = near.getAttribute("data-failed") || "";
      }, { maximumAge: 600000, timeout: 15000 });
    });
  }

  // Embedded lists tell the page around them how tall they are, so the iframe needs no scroll bar.
  if (document.querySelector("[data-embed]") && window.parent !== window) {
    var report = function () { window.parent.postMessage({ type: "selbsthilfe-embed-height", height: document.documentElement.scrollHeight }, "*"); };
    window.addEventListener("load", report);
    window.addEventListener("resize", report);
  }

  // Print buttons (shown only with script).
  document.querySelectorAll("[data-print]").forEach(function (b) { b.hidden = false; b.addEventListener("click", function () { window.print(); }); });
})();
