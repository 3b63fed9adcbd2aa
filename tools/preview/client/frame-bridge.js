/* global window, document, ResizeObserver */
/*
 * The local preview's stand-in for the Custom UI bridge that Confluence provides inside a Forge iframe.
 *
 * The preview server inserts this classic script as the first element of <head> of each app's index.html, so it
 * runs before the app's module scripts: @forge/bridge reads `globalThis.__bridge.callBridge` when its modules are
 * imported. Every call is posted to the host page (window.parent), which answers it or forwards it to the preview
 * server for this frame; the host identifies the frame by the message's source window, so nothing here can claim to
 * be another frame, person or space.
 *
 * It also
 * - reports the document's height to the host (ResizeObserver), so the frame fits its content and a page banner that
 *   renders nothing collapses to 0 px, as in Confluence;
 * - reports when the frame has settled: no bridge call pending and the page idle after the last reply (the app has
 *   rendered what the replies brought), with the number of replies received so far and the height. The host records
 *   it on the iframe (data-settled), so tests can wait for "rendered after this answer" instead of sleeping;
 * - applies the host's light/dark theme (data-color-mode, data-theme and the design-token CSS) once the app called
 *   view.theme.enable();
 * - keeps flag action callbacks here (functions cannot be posted) and runs them when the host reports a click.
 *
 * Plain ES2017, no dependencies: it is served as is.
 */
(function () {
  'use strict';

  var PREFIX = 'sc-preview:';
  var host = window.parent;
  var embedded = host !== window;
  var origin = window.location.origin;
  var pending = new Map();
  var flagActions = new Map();
  var seq = 0;
  var theming = false;
  var tokensLinked = false;
  var replies = 0;
  var settleScheduled = false;

  function post(message) {
    host.postMessage(message, origin);
  }

  /** Copies a payload without functions (postMessage cannot clone them), keeping flag action callbacks here. */
  function prepare(command, payload) {
    if (command === 'showFlag' && payload && Array.isArray(payload.actions)) {
      var callbacks = [];
      var actions = payload.actions.map(function (action, index) {
        callbacks[index] = action && typeof action.onClick === 'function' ? action.onClick : null;
        return { text: String(action && action.text !== undefined ? action.text : ''), appearance: action && action.appearance };
      });
      flagActions.set(String(payload.id), callbacks);
      return Object.assign({}, payload, { actions: actions });
    }
    return payload;
  }

  function callBridge(command, payload) {
    if (!embedded) {
      return Promise.reject(new Error('This app is running outside the preview host: open the preview at ' + origin + '/ and choose a module there.'));
    }
    return new Promise(function (resolve, reject) {
      var id = ++seq;
      pending.set(id, { resolve: resolve, reject: reject, command: command });
      try {
        post({ type: PREFIX + 'call', id: id, command: String(command), payload: prepare(command, payload) });
      } catch (error) {
        pending.delete(id);
        reject(new Error('The bridge command "' + command + '" has a payload that cannot be sent to Confluence: ' + (error && error.message)));
      }
    });
  }

  window.__bridge = { callBridge: callBridge };

  function applyTheme(colorMode) {
    if (!theming) return;
    var root = document.documentElement;
    root.setAttribute('data-color-mode', colorMode === 'dark' ? 'dark' : 'light');
    root.setAttribute('data-theme', 'dark:dark light:light spacing:spacing typography:typography shape:shape');
    if (!tokensLinked) {
      tokensLinked = true;
      var link = document.createElement('link');
      link.rel = 'stylesheet';
      link.href = '/__preview/tokens.css';
      document.head.appendChild(link);
    }
  }

  window.addEventListener('message', function (event) {
    if (event.source !== host || event.origin !== origin) return;
    var data = event.data;
    if (!data || typeof data.type !== 'string' || data.type.indexOf(PREFIX) !== 0) return;
    if (data.type === PREFIX + 'reply') {
      replies++;
      var call = pending.get(data.id);
      if (call) {
        pending.delete(data.id);
        if (data.ok) {
          if (call.command === 'enableTheming') theming = true;
          call.resolve(data.value);
        } else {
          call.reject(new Error(String(data.error || 'The bridge call failed')));
        }
      }
      scheduleSettle();
    } else if (data.type === PREFIX + 'theme') {
      applyTheme(data.colorMode);
    } else if (data.type === PREFIX + 'flag-action') {
      var callbacks = flagActions.get(String(data.id)) || [];
      var callback = callbacks[data.index];
      if (typeof callback === 'function') callback();
    } else if (data.type === PREFIX + 'flag-closed') {
      flagActions.delete(String(data.id));
    }
  });

  // Report the content height. <html> is as tall as its content (the apps do not set height: 100%), so its box
  // is the measure; margins of the body's children stay inside it because the root element does not collapse them.
  var lastHeight = -1;
  function report() {
    var height = Math.ceil(document.documentElement.getBoundingClientRect().height);
    if (height !== lastHeight) {
      lastHeight = height;
      if (embedded) post({ type: PREFIX + 'resize', height: height });
    }
  }
  if (typeof ResizeObserver === 'function') new ResizeObserver(report).observe(document.documentElement);

  // Settling. The reply's promise callbacks run as microtasks at the end of this message task; the app's state
  // updates there make React schedule its render as a task (MessageChannel), queued before this task ends. An idle
  // callback runs only once no task is waiting: by then React has committed, layout is done and any further bridge
  // call the app made is pending (then the next reply settles instead). The timeout only bounds a page that is never
  // idle (an animation loop); it is not a guess at how long rendering takes.
  function settle() {
    settleScheduled = false;
    if (pending.size > 0 || !embedded) return;
    var height = Math.ceil(document.documentElement.getBoundingClientRect().height);
    lastHeight = height;
    post({ type: PREFIX + 'settled', replies: replies, height: height });
  }
  function scheduleSettle() {
    if (settleScheduled) return;
    settleScheduled = true;
    if (typeof window.requestIdleCallback === 'function') window.requestIdleCallback(settle, { timeout: 2000 });
    else setTimeout(settle, 50);
  }
  window.addEventListener('load', report);
  document.addEventListener('DOMContentLoaded', report);
})();
