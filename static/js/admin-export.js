// The admin's export page (templates/admin/import_export/export.html): "Pilih
// semua" ticks or clears every column of its resource. django-import-export binds
// it with an inline onchange attribute, which the Content Security Policy blocks.
"use strict";

document.addEventListener("DOMContentLoaded", () => {
  document.querySelectorAll(".select-toggle").forEach((toggle) => {
    const row = toggle.closest("[resource-index]");
    const index = row ? row.getAttribute("resource-index") : null;
    const selector = index === null
      ? ".selectable-field-export-row input[type=checkbox]"
      : `.selectable-field-export-row[resource-index="${index}"] input[type=checkbox]`;
    toggle.addEventListener("change", () => {
      document.querySelectorAll(selector).forEach((box) => {
        if (box !== toggle) {
          box.checked = toggle.checked;
        }
      });
    });
  });
});
