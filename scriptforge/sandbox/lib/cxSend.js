// cxSend: e-mail (SMTP) and SMS (the configured provider).
(function (host) {
  return {
    email: (message) => host("send.email", [message]),
    sms: (number, text) => host("send.sms", [String(number), String(text)]),
  };
})
