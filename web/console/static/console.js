// The legal console's keyboard shortcuts for the targets table. A progressive
// enhancement: the table and its forms work without this script, which only
// adds, with htmx, decisions on one target after another:
//   j / k  the next / previous target (the row gets the focus)
//   w      withhold the target in the order's scope
//   d      decline it, asking for the reason (and a note)
//   n      add a note to it (a comment)
//   x      select it for a decision in bulk
// A decision is posted to the console's decisions form for that one target,
// with the page's CSRF token; the server answers with the row as it now is
// (or with the desk's refusal, which is announced), and the next target gets
// the focus. Keys typed into a field are left alone.
(function () {
  "use strict";
  var table = document.getElementById("targets");
  var quick = document.getElementById("quick-form");
  var dialog = document.getElementById("kbd-dialog");
  if (!table || !table.tBodies.length || !quick || !dialog || !window.htmx) {
    return;
  }
  var status = document.getElementById("kbd-status");
  var title = document.getElementById("kbd-dialog-title");
  var reasonField = document.getElementById("kbd-reason-field");
  var reason = document.getElementById("kbd-reason");
  var note = document.getElementById("kbd-note");
  var pending = null; // the decision waiting for its answer

  document.getElementById("keyboard").hidden = false;
  table.setAttribute("aria-describedby", "kbd-hint");

  function rows() {
    return Array.prototype.slice.call(table.tBodies[0].rows);
  }
  function current() {
    var a = document.activeElement;
    return a && a.closest ? a.closest("#targets tbody tr") : null;
  }
  function say(text) {
    status.textContent = text;
  }
  function move(step) {
    var list = rows();
    if (!list.length) {
      return;
    }
    var i = list.indexOf(current());
    var next = i < 0 ? (step > 0 ? 0 : list.length - 1) : Math.min(Math.max(i + step, 0), list.length - 1);
    list[next].focus();
  }

  function decide(row, values) {
    if (pending) {
      say("A decision is being made; wait for it.");
      return;
    }
    values.target = row.dataset.target;
    pending = {id: row.id, position: row.dataset.position};
    say("Target " + pending.position + ": deciding…");
    htmx.ajax("POST", quick.getAttribute("action"), {source: quick, target: "#" + row.id, swap: "outerHTML", values: values});
  }

  quick.addEventListener("htmx:afterRequest", function (e) {
    var p = pending;
    pending = null;
    if (!p) {
      return;
    }
    var xhr = e.detail.xhr;
    var row = document.getElementById(p.id);
    if (e.detail.successful && row) {
      var cell = row.querySelector(".decision");
      say("Target " + p.position + ": " + (cell ? cell.textContent.trim() : "decided") + ".");
      var list = rows();
      (list[list.indexOf(row) + 1] || row).focus();
      return;
    }
    var why = xhr && xhr.status === 422 ? xhr.responseText : "The request failed; reload the page.";
    say("Target " + p.position + ": nothing was decided. " + why);
    if (row) {
      row.focus();
    }
  });

  // ask opens the dialog for a decline (reason and note) or a note.
  function ask(kind, row) {
    var decline = kind === "decline";
    title.textContent = (decline ? "Decline target " : "Add a note to target ") + row.dataset.position;
    reasonField.hidden = !decline;
    note.value = "";
    note.required = !decline;
    dialog.returnValue = "";
    dialog.onclose = function () {
      row.focus();
      if (dialog.returnValue !== "ok") {
        return;
      }
      if (decline) {
        decide(row, {action: "decline", reason_code: reason.value, note: note.value});
      } else {
        decide(row, {action: "comment", note: note.value});
      }
    };
    dialog.showModal();
    (decline ? reason : note).focus();
  }

  document.addEventListener("keydown", function (e) {
    if (e.defaultPrevented || e.ctrlKey || e.metaKey || e.altKey || dialog.open) {
      return;
    }
    var t = e.target;
    if (t && (t.isContentEditable || t.tagName === "SELECT" || t.tagName === "TEXTAREA" ||
        (t.tagName === "INPUT" && t.type !== "checkbox" && t.type !== "radio"))) {
      return;
    }
    var row = current();
    switch (e.key) {
    case "j":
      move(1);
      break;
    case "k":
      move(-1);
      break;
    case "w":
      if (!row) {
        return;
      }
      decide(row, {action: "withhold"});
      break;
    case "d":
    case "n":
      if (!row) {
        return;
      }
      ask(e.key === "d" ? "decline" : "note", row);
      break;
    case "x":
      if (!row) {
        return;
      }
      var box = row.querySelector('input[name="target"]');
      box.checked = !box.checked;
      say("Target " + row.dataset.position + (box.checked ? " selected." : " not selected."));
      break;
    default:
      return;
    }
    e.preventDefault();
  });
})();
