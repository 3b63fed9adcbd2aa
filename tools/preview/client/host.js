/* global window, document */
/*
 * The host page's script: the Confluence side of the Custom UI bridge, plus the switchers, flags and theme.
 *
 * Frames post `{type:'sc-preview:call', id, command, payload}`. The frame is identified by the message's source
 * window (matched against the iframes this page rendered, each tagged with the server-issued token of its record),
 * never by anything in the message. Commands that only touch this page (showFlag, closeFlag, reload) are answered
 * here; everything else goes to the preview server as POST /__bridge/<token>, which answers or refuses it by name.
 *
 * Loaded as a classic script in <head> so the message listener exists before any frame can post.
 *
 * Each iframe element records, for tests and for anyone debugging a frame in DevTools:
 * - data-bridge-log: the replies sent to the frame, in order (`invoke:<functionKey>` or the command name);
 * - data-settled: how many of those replies the frame had received when it last went idle with no call pending
 *   (reported by client/frame-bridge.js after the app rendered what they brought);
 * - data-height: the height the frame last reported.
 */
(function () {
  'use strict';

  // Styles that fold the sidebar on narrow windows apply only when this script runs (else the sidebar stays open).
  document.documentElement.classList.add('js');

  var PREFIX = 'sc-preview:';
  var COOKIE = 'sc_preview_color_mode';
  var FLAG_ICONS = { success: '✓', info: 'i', warning: '!', error: '×' };
  var AUTO_DISMISS_MS = 8000;

  function colorMode() {
    return document.documentElement.getAttribute('data-color-mode') === 'dark' ? 'dark' : 'light';
  }

  function frames() {
    return Array.prototype.slice.call(document.querySelectorAll('iframe[data-frame]'));
  }

  function frameOf(source) {
    var list = frames();
    for (var i = 0; i < list.length; i++) if (list[i].contentWindow === source) return list[i];
    return null;
  }

  function reply(frame, id, ok, valueOrError, label) {
    if (!frame.contentWindow) return;
    var log = frame.getAttribute('data-bridge-log');
    frame.setAttribute('data-bridge-log', (log ? log + ' ' : '') + label);
    var message = ok
      ? { type: PREFIX + 'reply', id: id, ok: true, value: valueOrError }
      : { type: PREFIX + 'reply', id: id, ok: false, error: String(valueOrError) };
    frame.contentWindow.postMessage(message, window.location.origin);
  }

  function toFrame(frame, message) {
    if (frame.contentWindow) frame.contentWindow.postMessage(message, window.location.origin);
  }

  function serverCall(frame, command, payload) {
    return fetch('/__bridge/' + encodeURIComponent(frame.getAttribute('data-frame')), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ command: command, payload: payload === undefined ? null : payload, host: { colorMode: colorMode() } }),
    }).then(function (response) {
      return response.json().then(
        function (body) {
          if (body && body.ok === true) return body.value;
          throw new Error(body && typeof body.error === 'string' ? body.error : 'The preview server answered ' + response.status);
        },
        function () {
          throw new Error('The preview server answered ' + response.status + ' without JSON');
        },
      );
    });
  }

  function navigateTo(answer) {
    if (!answer || typeof answer.href !== 'string') return;
    if (answer.external || answer.newTab) window.open(answer.href, '_blank', 'noopener');
    else window.location.assign(answer.href);
  }

  // ------------------------------------------------------------------ flags

  function closeFlag(id) {
    var list = document.getElementById('flags');
    if (!list) return;
    var nodes = list.querySelectorAll('[data-flag-id]');
    for (var i = 0; i < nodes.length; i++) {
      if (nodes[i].getAttribute('data-flag-id') === id) {
        var frame = nodes[i].__frame;
        nodes[i].remove();
        if (frame) toFrame(frame, { type: PREFIX + 'flag-closed', id: id });
      }
    }
  }

  function showFlag(frame, options) {
    var list = document.getElementById('flags');
    if (!list || !options) return;
    var id = String(options.id);
    closeFlag(id);
    var type = ['success', 'info', 'warning', 'error'].indexOf(options.type) >= 0 ? options.type : 'info';
    var flag = document.createElement('div');
    flag.className = 'flag flag-' + type;
    flag.setAttribute('data-flag-id', id);
    flag.__frame = frame;
    var icon = document.createElement('span');
    icon.className = 'flag-icon';
    icon.setAttribute('aria-hidden', 'true');
    icon.textContent = FLAG_ICONS[type];
    var body = document.createElement('div');
    body.className = 'flag-body';
    var title = document.createElement('p');
    title.className = 'flag-title';
    title.textContent = String(options.title || '');
    body.appendChild(title);
    if (options.description) {
      var description = document.createElement('p');
      description.className = 'flag-description';
      description.textContent = String(options.description);
      body.appendChild(description);
    }
    if (Array.isArray(options.actions) && options.actions.length > 0) {
      var actions = document.createElement('div');
      actions.className = 'flag-actions';
      options.actions.forEach(function (action, index) {
        var button = document.createElement('button');
        button.type = 'button';
        button.textContent = String(action.text || 'Action');
        button.addEventListener('click', function () {
          toFrame(frame, { type: PREFIX + 'flag-action', id: id, index: index });
        });
        actions.appendChild(button);
      });
      body.appendChild(actions);
    }
    var close = document.createElement('button');
    close.type = 'button';
    close.className = 'flag-close';
    close.setAttribute('aria-label', 'Dismiss: ' + title.textContent);
    close.textContent = '×';
    close.addEventListener('click', function () {
      closeFlag(id);
    });
    flag.appendChild(icon);
    flag.appendChild(body);
    flag.appendChild(close);
    list.appendChild(flag);
    if (options.isAutoDismiss) {
      setTimeout(function () {
        closeFlag(id);
      }, AUTO_DISMISS_MS);
    }
  }

  // ------------------------------------------------------------------ bridge

  function handleCall(frame, data) {
    var command = String(data.command);
    var payload = data.payload;
    var label = command === 'invoke' && payload && typeof payload.functionKey === 'string' ? 'invoke:' + payload.functionKey : command;
    label = label.replace(/\s+/g, '_');
    if (command === 'showFlag') {
      showFlag(frame, payload);
      return reply(frame, data.id, true, undefined, label);
    }
    if (command === 'closeFlag') {
      closeFlag(String(payload && payload.id));
      return reply(frame, data.id, true, undefined, label);
    }
    if (command === 'reload') {
      reply(frame, data.id, true, undefined, label);
      return window.location.reload();
    }
    serverCall(frame, command, payload).then(
      function (value) {
        reply(frame, data.id, true, value, label);
        if (command === 'enableTheming') toFrame(frame, { type: PREFIX + 'theme', colorMode: colorMode() });
        if (command === 'navigate') navigateTo(value);
      },
      function (error) {
        reply(frame, data.id, false, error && error.message ? error.message : error, label);
      },
    );
  }

  function setHeight(frame, reported) {
    var height = Math.max(0, Math.min(20000, Math.round(Number(reported) || 0)));
    frame.style.height = height + 'px';
    frame.setAttribute('data-height', String(height));
    if (height === 0) frame.setAttribute('data-collapsed', 'true');
    else frame.removeAttribute('data-collapsed');
  }

  window.addEventListener('message', function (event) {
    if (event.origin !== window.location.origin) return;
    var data = event.data;
    if (!data || typeof data.type !== 'string' || data.type.indexOf(PREFIX) !== 0) return;
    var frame = frameOf(event.source);
    if (!frame) return; // not one of this page's module frames
    if (data.type === PREFIX + 'call') handleCall(frame, data);
    else if (data.type === PREFIX + 'resize') setHeight(frame, data.height);
    else if (data.type === PREFIX + 'settled') {
      setHeight(frame, data.height);
      frame.setAttribute('data-settled', String(Math.max(0, Math.floor(Number(data.replies) || 0))));
    }
  });

  // ------------------------------------------------------------------ switchers

  // Choosing in the "Viewing as" or "Space" list changes nothing by itself (WCAG 3.2.2 On Input: arrow keys in a list
  // must not reload the page); the form is a plain GET form that its "Switch" button submits, with or without this
  // script. The script only remembers which control was used, so that focus goes back to it after the reload.
  var FOCUS_KEY = PREFIX + 'switcher-focus';

  function formQuery(form) {
    var pairs = [];
    for (var i = 0; i < form.elements.length; i++) {
      var el = form.elements[i];
      if (el.name && !el.disabled && (el.tagName === 'SELECT' || el.type === 'hidden')) pairs.push([el.name, el.value]);
    }
    return new URLSearchParams(pairs).toString();
  }

  function rememberFocus(form, id) {
    try {
      window.sessionStorage.setItem(FOCUS_KEY, JSON.stringify({ id: id, query: formQuery(form) }));
    } catch {
      // storage blocked: focus simply is not restored
    }
  }

  function restoreFocus() {
    var saved = null;
    try {
      saved = JSON.parse(window.sessionStorage.getItem(FOCUS_KEY) || 'null');
      window.sessionStorage.removeItem(FOCUS_KEY);
    } catch {
      return;
    }
    if (!saved || typeof saved.id !== 'string') return;
    // Only on the page that form asked for, not on one reached later some other way.
    if (new URLSearchParams(window.location.search).toString() !== saved.query) return;
    var control = document.getElementById(saved.id);
    if (control && !control.disabled) control.focus();
  }

  function initSwitchers() {
    var form = document.getElementById('switchers');
    if (!form) return;
    // The control "used" is the list last changed to a value other than the page's own, else the button.
    var lists = [];
    var changed = null;
    ['viewer', 'space'].forEach(function (id) {
      var select = document.getElementById(id);
      if (!select) return;
      lists.push({ id: id, select: select, initial: select.value });
      select.addEventListener('change', function () {
        changed = id;
      });
    });
    form.addEventListener('submit', function (event) {
      var moved = lists.filter(function (list) {
        return list.select.value !== list.initial;
      });
      var used = moved.filter(function (list) {
        return list.id === changed;
      })[0] || moved[moved.length - 1];
      var submitter = event.submitter;
      rememberFocus(form, used ? used.id : (submitter && submitter.id) || 'switch');
    });
    restoreFocus();
  }

  // ------------------------------------------------------------------ page controls

  function setColorMode(mode) {
    document.documentElement.setAttribute('data-color-mode', mode);
    document.cookie = COOKIE + '=' + mode + '; path=/; max-age=31536000; samesite=strict';
    var toggle = document.getElementById('theme-toggle');
    if (toggle) toggle.setAttribute('aria-pressed', mode === 'dark' ? 'true' : 'false');
    frames().forEach(function (frame) {
      toFrame(frame, { type: PREFIX + 'theme', colorMode: mode });
    });
  }

  document.addEventListener('DOMContentLoaded', function () {
    initSwitchers();
    var toggle = document.getElementById('theme-toggle');
    if (toggle) {
      toggle.addEventListener('click', function () {
        setColorMode(colorMode() === 'dark' ? 'light' : 'dark');
      });
    }
    // The sidebar's disclosure (shown on narrow windows only, by host.css).
    var sidebar = document.getElementById('sidebar');
    var navToggle = document.getElementById('nav-toggle');
    if (sidebar && navToggle) {
      navToggle.addEventListener('click', function () {
        var open = navToggle.getAttribute('aria-expanded') !== 'true';
        navToggle.setAttribute('aria-expanded', open ? 'true' : 'false');
        sidebar.classList.toggle('is-open', open);
      });
    }
  });
})();
