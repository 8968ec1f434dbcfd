// cxPubSub: publish and subscribe to events within the app ('*' = every id).
(function (host, rt) {
  return {
    publish: (event, idOrPayload, payload) => (payload === undefined
      ? host("pubsub.publish", [String(event), "*", idOrPayload])
      : host("pubsub.publish", [String(event), String(idOrPayload), payload])),
    subscribe: (event, idOrCallback, callback) => {
      const id = typeof idOrCallback === "function" ? "*" : String(idOrCallback);
      const cb = typeof idOrCallback === "function" ? idOrCallback : callback;
      return host("pubsub.subscribe", [String(event), id]).then((sub) => {
        rt.subscriptions.set(sub, cb);
        return Object.freeze({ id: sub, unsubscribe: () => {
          rt.subscriptions.delete(sub);
          return host("pubsub.unsubscribe", [sub]);
        } });
      });
    },
  };
})
