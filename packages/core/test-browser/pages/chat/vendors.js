/*
 * Emulated chat widgets, from each vendor's documented API (shared/reference/chat-widgets.md):
 * install snippets that leave stub queues, loaders that replace the stubs and replay their
 * queues, globals that appear only after load, Tawk.to's callback properties, window events.
 * `__vendors.<name>Snippet()` / `.<name>Load()` run the two halves; `__fire.<name>()` is the
 * visitor starting a conversation (what the vendor's code would call); `__site.<name>` counts
 * the site's own callbacks, which must keep running.
 */
(function () {
  var w = window;
  var fire = (w.__fire = {});
  var site = (w.__site = {});
  var count = function (name) {
    return function () {
      site[name] = (site[name] || 0) + 1;
    };
  };
  function handlers() {
    var h = {};
    return {
      on: function (n, f) {
        (h[n] = h[n] || []).push(f);
      },
      off: function (n, f) {
        h[n] = (h[n] || []).filter(function (x) {
          return x !== f;
        });
      },
      fire: function (n) {
        var args = [].slice.call(arguments, 1);
        (h[n] || []).forEach(function (f) {
          f.apply(null, args);
        });
      },
    };
  }
  w.__vendors = {
    // The site's own handlers, registered the way each vendor documents.
    siteHandlers: function () {
      w.Intercom('onUserEmailSupplied', count('intercom'));
      w.$crisp.push(['on', 'message:sent', count('crisp')]);
      w.LiveChatWidget.on('new_event', count('livechat'));
      w.olark('api.chat.onMessageToOperator', count('olark'));
      w.drift.on('startConversation', count('drift'));
    },
    intercomSnippet: function () {
      var i = function () {
        i.c(arguments);
      };
      i.q = [];
      i.c = function (args) {
        i.q.push(args);
      };
      w.Intercom = i;
    },
    intercomLoad: function () {
      var ev = handlers();
      var queued = (w.Intercom && w.Intercom.q) || [];
      w.Intercom = function (cmd, arg) {
        if (!/^on/.test(cmd)) return;
        ev.on(cmd, arg);
        // How many handlers Intercom has: a test waits for the tracker's before the visitor acts.
        w.__intercomHandlers = (w.__intercomHandlers || 0) + 1;
      };
      w.Intercom.booted = true;
      queued.forEach(function (a) {
        w.Intercom.apply(null, a);
      });
      fire.intercom = function () {
        ev.fire('onShow');
        ev.fire('onUserEmailSupplied');
      };
    },
    driftSnippet: function () {
      var t = (w.driftt = w.drift = w.driftt || []);
      ['identify', 'config', 'track', 'reset', 'debug', 'show', 'ping', 'page', 'hide', 'off', 'on'].forEach(function (m) {
        t[m] = function () {
          var a = [].slice.call(arguments);
          a.unshift(m);
          t.push(a);
          return t;
        };
      });
    },
    driftLoad: function () {
      var ev = handlers();
      var queued = w.drift || [];
      w.drift = w.driftt = { on: ev.on, off: ev.off };
      [].slice.call(queued).forEach(function (a) {
        if (a[0] === 'on') ev.on(a[1], a[2]);
      });
      fire.drift = function () {
        ev.fire('startConversation', { conversationId: 4242, inboxId: 1 });
      };
    },
    crispSnippet: function () {
      w.$crisp = [];
      w.CRISP_WEBSITE_ID = 'test';
    },
    crispLoad: function () {
      var ev = handlers();
      var queued = w.$crisp || [];
      w.$crisp = {
        push: function (item) {
          if (item[0] === 'on') ev.on(item[1], item[2]);
        },
        is: function () {
          return true;
        },
      };
      queued.forEach(w.$crisp.push);
      fire.crisp = function () {
        ev.fire('message:received', { content: 'Hello! How can we help?' });
        ev.fire('message:sent', { content: 'My number is 0901234567' });
      };
    },
    tawkSnippet: function () {
      w.Tawk_API = w.Tawk_API || {};
      w.Tawk_LoadStart = new Date();
    },
    tawkLoad: function () {
      var api = w.Tawk_API;
      api.isChatOngoing = function () {
        return false;
      };
      if (typeof api.onLoad === 'function') api.onLoad();
      fire.tawk = function () {
        if (typeof w.Tawk_API.onChatMaximized === 'function') w.Tawk_API.onChatMaximized();
        if (typeof w.Tawk_API.onChatStarted === 'function') w.Tawk_API.onChatStarted();
      };
    },
    hubspotLoad: function () {
      var ev = handlers();
      w.HubSpotConversations = { on: ev.on, off: ev.off, widget: { open: function () {} } };
      (w.hsConversationsOnReady || []).forEach(function (f) {
        f();
      });
      fire.hubspot = function () {
        ev.fire('userInteractedWithWidget', { message: 'open' });
        ev.fire('conversationStarted', { conversation: { conversationId: 777 } });
      };
    },
    zendeskClassicLoad: function () {
      var ev = handlers();
      w.zE = function (api, name, fn) {
        if (api === 'webWidget:on') ev.on(name, fn);
      };
      fire.zendesk = function () {
        ev.fire('open');
        ev.fire('chat:start');
      };
    },
    zendeskMessagingLoad: function () {
      var ev = handlers();
      w.zE = function (api, name, fn) {
        if (api === 'messenger') return ev.fire(name === 'open' ? 'open' : name);
        if (api !== 'messenger:on') throw new Error('zE: unknown API ' + api);
        ev.on(name, fn);
        return function () {
          ev.off(name, fn);
        };
      };
      fire.zendesk = function () {
        ev.fire('open', { id: 'x', createdAt: Date.now(), type: 'messagingOpened' });
      };
    },
    livechatSnippet: function () {
      var q = [];
      w.LiveChatWidget = {
        _q: q,
        _h: null,
        _v: '2.0',
        on: function () {
          q.push(['on', [].slice.call(arguments)]);
        },
        once: function () {
          q.push(['once', [].slice.call(arguments)]);
        },
        off: function () {
          q.push(['off', [].slice.call(arguments)]);
        },
        get: function () {
          throw new Error("You can't use getters before load.");
        },
        call: function () {
          q.push(['call', [].slice.call(arguments)]);
        },
        init: function () {},
      };
    },
    livechatLoad: function () {
      var ev = handlers();
      var lc = w.LiveChatWidget;
      lc.on = ev.on;
      lc.off = ev.off;
      lc.get = function (what) {
        return what === 'chat_data' ? { chatId: 'LC-CHAT-1', threadId: 'T1' } : {};
      };
      lc._q.forEach(function (c) {
        if (c[0] === 'on') ev.on(c[1][0], c[1][1]);
      });
      fire.livechat = function () {
        ev.fire('new_event', { timestamp: Date.now(), type: 'message', author: { id: 'agent', type: 'agent' } });
        ev.fire('new_event', { timestamp: Date.now(), type: 'message', author: { id: 'v', type: 'customer' } });
        ev.fire('new_event', { timestamp: Date.now(), type: 'message', author: { id: 'v', type: 'customer' } });
      };
    },
    tidioLoad: function () {
      var ev = handlers();
      w.tidioChatApi = { on: ev.on, open: function () {} };
      document.dispatchEvent(new Event('tidioChat-ready'));
      fire.tidio = function () {
        ev.fire('open');
        ev.fire('conversationStart');
        ev.fire('messageFromVisitor', { message: 'hi' });
      };
    },
    olarkSnippet: function () {
      var o = function () {
        o._.push(arguments);
      };
      o._ = [];
      w.olark = o;
    },
    olarkLoad: function () {
      var ev = handlers();
      var queued = w.olark._;
      w.olark = function (name, fn) {
        ev.on(name, fn);
      };
      queued.forEach(function (a) {
        w.olark.apply(null, a);
      });
      fire.olark = function () {
        ev.fire('api.chat.onBeginConversation');
        ev.fire('api.chat.onMessageToOperator', { message: { body: 'hi' } });
      };
    },
    freshchatLoad: function () {
      var ev = handlers();
      w.fcWidget = { on: ev.on, off: ev.off, init: function () {} };
      fire.freshchat = function () {
        ev.fire('widget:opened');
        ev.fire('message:sent', { success: true });
        ev.fire('message:sent', { success: true });
      };
    },
    chatwootLoad: function () {
      w.$chatwoot = { hasLoaded: true, toggle: function () {} };
      w.dispatchEvent(new CustomEvent('chatwoot:ready'));
      fire.chatwoot = function () {
        w.dispatchEvent(new CustomEvent('chatwoot:opened'));
        w.dispatchEvent(new CustomEvent('chatwoot:on-start-conversation', { detail: { hasConversation: false } }));
      };
    },
  };
  /** Every provider's start, twice: the second must not count. */
  w.__startAll = function () {
    for (var round = 0; round < 2; round++) {
      Object.keys(fire).forEach(function (k) {
        if (k !== 'zendesk' || !w.__zendeskNeedsClick) fire[k]();
      });
    }
  };
})();
