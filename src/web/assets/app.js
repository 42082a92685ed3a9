/* Kvalitetsloop: DKFDS on load, and after an htmx swap only for the swapped fragment
   (DKFDS.init binds twice when called twice). No inline script anywhere: CSP forbids it. */
(function () {
  'use strict';

  function initFragment(root) {
    if (!window.DKFDS) return;
    var D = window.DKFDS;
    var each = function (selector, make) {
      var list = root.querySelectorAll(selector);
      for (var i = 0; i < list.length; i++) {
        try { make(list[i]); } catch (e) { /* a component that cannot start leaves the rest working */ }
      }
    };
    each('.accordion, .accordion-bordered:not(.accordion)', function (el) { new D.Accordion(el).init(); });
    each('.alert.has-close', function (el) { new D.Alert(el).init(); });
    each('.js-radio-toggle-group', function (el) { new D.RadioToggleGroup(el).init(); });
    each('.js-checkbox-toggle-content', function (el) { new D.CheckboxToggleContent(el).init(); });
    each('div.tab-container', function (el) { new D.Tabs(el).init(); });
    each('.tooltip-wrapper', function (el) { new D.Tooltip(el).init(); });
    each('[data-module="error-summary"]', function (el) { new D.ErrorSummary(el).init(); });
    if (D.datePicker && D.datePicker.on) D.datePicker.on(root);
  }

  function announce(text) {
    var live = document.getElementById('live-region');
    if (!live || !text) return;
    live.textContent = '';
    window.setTimeout(function () { live.textContent = text; }, 50);
  }

  document.addEventListener('DOMContentLoaded', function () {
    if (window.DKFDS) window.DKFDS.init();
  });

  // The mobile menu's open/close are links (#app-menu, #) so they work without JavaScript; with it DKFDS opens
  // and closes the drawer, and following the link too would leave it open through :target.
  document.addEventListener('click', function (event) {
    var link = event.target && event.target.closest && event.target.closest('a.js-menu-open, a.js-menu-close');
    if (link && window.DKFDS) event.preventDefault();
  });

  // After a swap: start DKFDS in the new fragment, then move focus to it (an error summary
  // focuses itself) or announce what changed, so keyboard and screen reader users follow.
  document.addEventListener('htmx:afterSettle', function (event) {
    var target = event.detail && event.detail.target;
    if (!target) return;
    // An outerHTML swap replaces the target itself: find the new element by its id.
    if (!target.isConnected) target = (target.id && document.getElementById(target.id)) || null;
    if (!target) return;
    initFragment(target);
    if (target.querySelector('[data-module="error-summary"]')) return;
    var focus = target.querySelector('[data-focus]') || (target.hasAttribute('data-focus') ? target : null);
    if (focus) {
      if (!focus.hasAttribute('tabindex')) focus.setAttribute('tabindex', '-1');
      focus.focus();
    }
    var message = target.querySelector('[data-announce]');
    if (message) announce(message.getAttribute('data-announce'));
  });
})();
