// One template per ConneXML verb, as the snippets menu inserts it at the cursor. Each one
// is a valid child of <Response> (tests/telephony/test_voice_apps_ui.py checks them all).
export const SNIPPETS = [
  { label: "Say", text: "<Say>Hello, thank you for calling.</Say>" },
  { label: "Play", text: "<Play>https://example.com/hello.wav</Play>" },
  { label: "Pause", text: '<Pause length="1"/>' },
  { label: "Gather (with Say)", text: '<Gather numDigits="1" timeout="5">\n  <Say>Press 1 for sales, 2 for support.</Say>\n</Gather>' },
  { label: "Press (key binding)", text: '<Press digit="1">\n  <Say>You pressed one.</Say>\n</Press>' },
  { label: "Dial a number", text: '<Dial timeout="30">\n  <Number>+15550100003</Number>\n</Dial>' },
  { label: "Dial a queue", text: "<Dial>\n  <Queue>support</Queue>\n</Dial>" },
  { label: "Enqueue", text: "<Enqueue>support</Enqueue>" },
  { label: "Conference", text: "<Dial>\n  <Conference>room-1</Conference>\n</Dial>" },
  { label: "Record", text: '<Record maxLength="60" finishOnKey="#" playBeep="true"/>' },
  { label: "Voicemail", text: "<Dial>\n  <Voicemail>2001</Voicemail>\n</Dial>" },
  { label: "Redirect", text: '<Redirect method="POST">https://example.com/next.xml</Redirect>' },
  { label: "Condition (office hours)", text: '<Condition wday="mon-fri" time-of-day="09:00-17:00" timezone="America/New_York">\n  <Say>We are open.</Say>\n</Condition>' },
  { label: "Set a variable", text: '<Set name="language" value="en"/>' },
  { label: "Echo", text: "<Echo/>" },
  { label: "Reject", text: '<Reject reason="busy"/>' },
  { label: "Hangup", text: "<Hangup/>" },
];
