/* Toolkit personaliser: partner details typed here go into the piece's SVG, in the
   browser only (nothing is uploaded). The page embeds each piece's SVG in a <template>;
   every change clones it again, so the downloaded file is the bundle's SVG plus the
   partner's details. Messages come from data-msg-* attributes, in the page's language. */
(function () {
  "use strict";

  var SVG_NS = "http://www.w3.org/2000/svg";
  var UNSAFE = /[\u0000-\u001f\u007f<>]/;
  var PHONE = /^[0-9+()\-. ]*$/;
  var WEBSITE = /^(https:\/\/)?[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)+(?:\/[A-Za-z0-9._~\/-]*)?$/;

  function format(message, values) {
    return message.replace(/\{(\w+)\}/g, function (whole, name) {
      return Object.prototype.hasOwnProperty.call(values, name) ? String(values[name]) : whole;
    });
  }

  function isPng(bytes) {
    return bytes.length > 8 && bytes[0] === 0x89 && bytes[1] === 0x50 && bytes[2] === 0x4e && bytes[3] === 0x47;
  }

  function isJpeg(bytes) {
    return bytes.length > 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff;
  }

  function save(blob, name) {
    var link = document.createElement("a");
    link.href = URL.createObjectURL(blob);
    link.download = name;
    document.body.appendChild(link);
    link.click();
    link.remove();
    setTimeout(function () { URL.revokeObjectURL(link.href); }, 10000);
  }

  function Personaliser(root) {
    this.root = root;
    this.values = {};  // placeholder key -> accepted text
    this.logo = null;  // data: URL of the accepted logo
    this.select = root.querySelector("#crm-piece");
    this.preview = root.querySelector(".crm-personaliser-preview");
    this.error = root.querySelector(".crm-personaliser-error");
    this.status = root.querySelector(".crm-personaliser-status");
    var self = this;
    root.querySelectorAll("input[data-placeholder]").forEach(function (input) {
      input.addEventListener(input.type === "file" ? "change" : "input", function () { self.accept(input); });
    });
    this.select.addEventListener("change", function () { self.render(); });
    root.querySelector("form").addEventListener("submit", function (event) { event.preventDefault(); });
    root.querySelector("[data-download=svg]").addEventListener("click", function () { self.downloadSvg(); });
    root.querySelector("[data-download=png]").addEventListener("click", function () { self.downloadPng(); });
    root.hidden = false;
    this.render();
  }

  Personaliser.prototype.message = function (name, values) {
    return format(this.root.getAttribute("data-msg-" + name) || "", values || {});
  };

  Personaliser.prototype.refuse = function (input, text) {
    input.setAttribute("aria-invalid", "true");
    this.status.textContent = "";
    this.error.textContent = text;
  };

  Personaliser.prototype.accepted = function (input) {
    input.removeAttribute("aria-invalid");
    this.error.textContent = "";
    this.render();
    this.status.textContent = this.message("updated");
  };

  Personaliser.prototype.problem = function (input, value) {
    var label = input.getAttribute("data-label");
    var max = Number(input.getAttribute("data-max"));
    var kind = input.getAttribute("data-kind");
    if (UNSAFE.test(value)) return this.message("error-unsafe", { label: label });
    if (value.length > max) return this.message("error-too-long", { label: label, max: max, count: value.length });
    if (kind === "phone" && !PHONE.test(value)) return this.message("error-phone", { label: label });
    if (kind === "website" && value && !WEBSITE.test(value)) return this.message("error-website", { label: label });
    return "";
  };

  Personaliser.prototype.accept = function (input) {
    var key = input.getAttribute("data-placeholder");
    if (input.type === "file") return this.acceptLogo(input);
    var value = input.value.trim();
    var problem = this.problem(input, value);
    if (problem) return this.refuse(input, problem);
    this.values[key] = value;
    this.accepted(input);
  };

  Personaliser.prototype.acceptLogo = function (input) {
    var self = this;
    var file = input.files && input.files[0];
    if (!file) { this.logo = null; return this.accepted(input); }
    var maxBytes = Number(input.getAttribute("data-max-bytes"));
    if (file.size > maxBytes) {
      return this.refuse(input, this.message("error-image-size", { size: Math.ceil(file.size / 1000), max: Math.floor(maxBytes / 1000) }));
    }
    file.arrayBuffer().then(function (buffer) {
      var bytes = new Uint8Array(buffer);
      var type = isPng(bytes) ? "image/png" : isJpeg(bytes) ? "image/jpeg" : null;
      if (!type) return self.refuse(input, self.message("error-image-type"));
      var binary = "";
      for (var i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode.apply(null, bytes.subarray(i, i + 0x8000));
      self.logo = "data:" + type + ";base64," + btoa(binary);
      self.accepted(input);
    });
  };

  Personaliser.prototype.template = function () {
    return this.root.querySelector('template[data-piece="' + this.select.value + '"]');
  };

  // Shrink a one-line text until it fits its data-width, measured by the browser itself.
  function fit(text) {
    var width = Number(text.getAttribute("data-width"));
    var length = text.getComputedTextLength();
    if (width && length > width) {
      var size = parseFloat(text.getAttribute("font-size"));
      text.setAttribute("font-size", (size * width / length).toFixed(2));
    }
  }

  Personaliser.prototype.render = function () {
    var svg = this.template().content.firstElementChild.cloneNode(true);
    this.preview.replaceChildren(svg);
    var self = this;
    svg.querySelectorAll("text[data-placeholder]").forEach(function (text) {
      var value = self.values[text.getAttribute("data-placeholder")];
      if (value) {
        text.textContent = value;
        fit(text);
      }
    });
    if (this.logo) {
      svg.querySelectorAll("g[data-placeholder]").forEach(function (group) {
        var frame = group.querySelector("rect");
        var image = document.createElementNS(SVG_NS, "image");
        ["x", "y", "width", "height"].forEach(function (name) { image.setAttribute(name, frame.getAttribute(name)); });
        image.setAttribute("preserveAspectRatio", "xMidYMid meet");
        image.setAttribute("href", self.logo);
        group.replaceChildren(image);
      });
    }
  };

  Personaliser.prototype.svgText = function () {
    var svg = this.preview.querySelector("svg");
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + new XMLSerializer().serializeToString(svg) + "\n";
  };

  Personaliser.prototype.fileName = function (extension) {
    return this.template().getAttribute("data-file") + "." + extension;
  };

  Personaliser.prototype.downloadSvg = function () {
    save(new Blob([this.svgText()], { type: "image/svg+xml" }), this.fileName("svg"));
  };

  // The PNG is drawn at the SVG's pixel size (millimetre pieces at 96 dpi, like the previews).
  Personaliser.prototype.downloadPng = function () {
    var self = this;
    var svg = this.preview.querySelector("svg");
    var box = svg.viewBox.baseVal;
    var scale = /mm$/.test(svg.getAttribute("width")) ? 96 / 25.4 : 1;
    var image = new Image();
    image.onload = function () {
      var canvas = document.createElement("canvas");
      canvas.width = Math.round(box.width * scale);
      canvas.height = Math.round(box.height * scale);
      canvas.getContext("2d").drawImage(image, 0, 0, canvas.width, canvas.height);
      canvas.toBlob(function (blob) { save(blob, self.fileName("png")); }, "image/png");
    };
    var bytes = new TextEncoder().encode(this.svgText());
    var binary = "";
    for (var i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode.apply(null, bytes.subarray(i, i + 0x8000));
    image.src = "data:image/svg+xml;base64," + btoa(binary);  // data: is what the site's CSP allows for images
  };

  function setUpCopy(button) {
    var source = document.getElementById(button.getAttribute("data-crm-copy"));
    var status = button.parentNode.querySelector("[role=status]");
    button.hidden = false;
    button.addEventListener("click", function () {
      source.select();
      var done = function () { status.textContent = button.getAttribute("data-crm-copied"); };
      if (navigator.clipboard) navigator.clipboard.writeText(source.value).then(done, function () { document.execCommand("copy"); done(); });
      else { document.execCommand("copy"); done(); }
    });
  }

  document.querySelectorAll(".crm-personaliser").forEach(function (root) { new Personaliser(root); });
  document.querySelectorAll("[data-crm-copy]").forEach(setUpCopy);
})();
