/*
 * policypack's own iframe-worker shim (MIT, part of policypack).
 *
 * Browsers refuse `new Worker("file:///...")`, so Material's search worker
 * cannot start when the handbook is opened from a shared drive. Under
 * file:// this replaces `Worker` with a small stand-in that runs the worker
 * script in a hidden same-origin iframe and passes messages both ways.
 * Material's offline plugin skips its CDN copy of the iframe-worker shim
 * because this file's name contains "iframe-worker"; Material's search
 * worker detects the stand-in through `"IFrameWorker" in parent`.
 */
(function () {
  "use strict";
  if (location.protocol !== "file:" || typeof window.EventTarget !== "function") {
    return;
  }

  function copy(data) {
    return typeof structuredClone === "function" ? structuredClone(data) : JSON.parse(JSON.stringify(data));
  }

  function loadScript(doc, url) {
    return new Promise(function (resolve, reject) {
      var script = doc.createElement("script");
      script.src = url;
      script.onload = function () { resolve(); };
      script.onerror = function () { reject(new Error("cannot load " + url)); };
      doc.body.appendChild(script);
    });
  }

  class IFrameWorker extends EventTarget {
    constructor(url) {
      super();
      var worker = this;
      this.onmessage = null;
      this.onerror = null;
      this._queue = [];
      this._ready = false;
      this._frame = document.createElement("iframe");
      this._frame.hidden = true;
      this._frame.tabIndex = -1;
      this._frame.title = "search worker";
      this._frame.setAttribute("aria-hidden", "true");
      document.body.appendChild(this._frame);

      var scope = this._frame.contentWindow;
      var doc = scope.document;
      doc.open();
      doc.write("<!DOCTYPE html><html><head></head><body></body></html>");
      doc.close();

      // The worker's global functions, as a worker would have them.
      scope.postMessage = function (data) {
        setTimeout(function () { worker._emit("message", copy(data)); }, 0);
      };
      scope.importScripts = function () {
        var urls = Array.prototype.slice.call(arguments);
        return urls.reduce(function (chain, next) {
          return chain.then(function () { return loadScript(doc, new URL(next, url).href); });
        }, Promise.resolve());
      };
      scope.onerror = function (message) { worker._emit("error", message); };

      loadScript(doc, new URL(url, location.href).href).then(function () {
        worker._ready = true;
        worker._queue.splice(0).forEach(function (data) { worker._deliver(data); });
      }, function (error) { worker._emit("error", error.message); });
    }

    _emit(type, data) {
      var event = type === "message" ? new MessageEvent("message", { data: data }) : new ErrorEvent("error", { message: String(data) });
      this.dispatchEvent(event);
      var handler = type === "message" ? this.onmessage : this.onerror;
      if (typeof handler === "function") {
        handler.call(this, event);
      }
    }

    _deliver(data) {
      var scope = this._frame.contentWindow;
      if (scope) {
        scope.dispatchEvent(new scope.MessageEvent("message", { data: copy(data) }));
      }
    }

    postMessage(data) {
      if (this._ready) {
        this._deliver(data);
      } else {
        this._queue.push(data);
      }
    }

    terminate() {
      if (this._frame.parentNode) {
        this._frame.parentNode.removeChild(this._frame);
      }
    }
  }

  window.IFrameWorker = IFrameWorker;
  window.Worker = IFrameWorker;
})();
