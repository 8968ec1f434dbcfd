// Field rules, checked in the browser exactly as pagebuilder/validation.py checks them on
// the server (same order, same messages), so a form the browser accepts is not refused.

// Python's `re.match(...$)` also matches before one final newline: mirrored by `\n?$`.
const EMAIL = /^[^@\s]+@[^@\s]+\.[^@\s]+\n?$/;
const URL_RE = /^https?:\/\/[^\s/$.?#][^\s]*\n?$/i;
// Python's \d is any Unicode decimal digit.
const E164 = /^\+[1-9]\p{Nd}{1,14}\n?$/u;
const JS_REGEX = /^\/([\s\S]+)\/([imsu]*)\n?$/;

// What Python's float() accepts (without its Unicode digits): underscores between digits,
// surrounding whitespace, inf/infinity/nan in any case.
const PY_FLOAT = /^[+-]?(?:\d(?:_?\d)*(?:\.(?:\d(?:_?\d)*)?)?|\.\d(?:_?\d)*)(?:[eE][+-]?\d(?:_?\d)*)?$/;
const PY_SPECIAL = /^([+-]?)(inf|infinity|nan)$/i;

/** Python's float(text) as a JS number, or null where Python raises ValueError. */
export function pyFloat(text) {
  const s = String(text).trim();
  const special = PY_SPECIAL.exec(s);
  if (special) {
    if (special[2].toLowerCase() === "nan") return NaN;
    return special[1] === "-" ? -Infinity : Infinity;
  }
  if (!PY_FLOAT.test(s)) return null;
  return Number(s.replaceAll("_", ""));
}

/** Python's float(value) for any JSON value, or null where Python raises. */
function pyFloatOf(value) {
  if (typeof value === "boolean") return value ? 1 : 0;
  if (typeof value === "number") return value;
  if (typeof value === "string") return pyFloat(value);
  return null;
}

/** Python's str(value) for the JSON values a field can hold. */
export function pyStr(value) {
  if (value === null || value === undefined) return "None";
  if (typeof value === "boolean") return value ? "True" : "False";
  if (typeof value === "number") {
    if (Number.isNaN(value)) return "nan";
    if (!Number.isFinite(value)) return value > 0 ? "inf" : "-inf";
    return String(value);
  }
  if (typeof value === "string") return value;
  return JSON.stringify(value);
}

/** Python's format(x, "g"). */
export function formatG(x) {
  if (Number.isNaN(x)) return "nan";
  if (!Number.isFinite(x)) return x > 0 ? "inf" : "-inf";
  if (x === 0) return Object.is(x, -0) ? "-0" : "0";
  const [mantissa, exponent] = x.toExponential(5).split("e");
  const exp = Number(exponent);
  const strip = (s) => (s.includes(".") ? s.replace(/0+$/, "").replace(/\.$/, "") : s);
  if (exp < -4 || exp >= 6) {
    const sign = exp < 0 ? "-" : "+";
    return `${strip(mantissa)}e${sign}${String(Math.abs(exp)).padStart(2, "0")}`;
  }
  return strip(x.toFixed(Math.max(0, 5 - exp)));
}

export function isEmpty(value) {
  if (value === null || value === undefined || value === "") return true;
  if (Array.isArray(value)) return value.length === 0;
  if (typeof value === "object") return Object.keys(value).length === 0;
  return false;
}

function validDate(y, m, d) {
  if (y < 1 || m < 1 || m > 12 || d < 1) return false;
  const days = [31, y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0) ? 29 : 28, 31, 30, 31, 30,
    31, 31, 30, 31, 30, 31];
  return d <= days[m - 1];
}

function weeksIn(year) {
  // ISO years with 53 weeks: 1 January a Thursday, or a Wednesday in a leap year.
  const jan1 = new Date(Date.UTC(year, 0, 1));
  jan1.setUTCFullYear(year);
  const day = jan1.getUTCDay();
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  return day === 4 || (leap && day === 3) ? 53 : 52;
}

/** Python 3.11's date.fromisoformat(text) succeeds. */
export function isIsoDate(text) {
  let m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text) || /^(\d{4})(\d{2})(\d{2})$/.exec(text);
  if (m) return validDate(Number(m[1]), Number(m[2]), Number(m[3]));
  m = /^(\d{4})-W(\d{2})(?:-(\d))?$/.exec(text) || /^(\d{4})W(\d{2})(\d)?$/.exec(text);
  if (m) {
    const year = Number(m[1]);
    const week = Number(m[2]);
    const day = m[3] === undefined ? 1 : Number(m[3]);
    return year >= 1 && week >= 1 && week <= weeksIn(year) && day >= 1 && day <= 7;
  }
  return false;
}

export function typeProblem(kind, value) {
  const text = pyStr(value);
  if (kind === "email" && !EMAIL.test(text)) return "must be an e-mail address";
  if (kind === "url" && !URL_RE.test(text)) return "must be a web address (http:// or https://)";
  if (kind === "phone" && !E164.test(text)) {
    return "must be a phone number in E.164 form (+441234567890)";
  }
  if (kind === "number" || kind === "integer") {
    if (typeof value === "boolean") return "must be a number";
    const number = pyFloat(text);
    if (number === null) return "must be a number";
    if (kind === "integer" && !Number.isInteger(number)) return "must be a whole number";
  }
  if (kind === "date" && !isIsoDate(text.slice(0, 10))) return "must be a date (YYYY-MM-DD)";
  return null;
}

/** A `/body/flags` literal as a RegExp (null when it is not one). */
export function jsRegex(literal) {
  const m = JS_REGEX.exec(literal);
  if (!m) return null;
  try {
    return new RegExp(m[1], m[2]);
  } catch {
    return null;
  }
}

function length(value) {
  return typeof value === "string" ? [...value].length : value.length;
}

/** The first rule a non-empty value breaks, as a message (the rule's own if it has one). */
export function checkRules(rules, value) {
  if (isEmpty(value)) return null;
  let problem = rules.type ? typeProblem(rules.type, value) : null;
  if (problem === null && rules.pattern) {
    const re = jsRegex(rules.pattern);
    if (re === null || !re.test(pyStr(value))) problem = "is not in the expected form";
  }
  const has = (key) => rules[key] !== null && rules[key] !== undefined;
  if (problem === null && (has("min") || has("max"))) {
    const number = pyFloatOf(value);
    if (number !== null) {
      if (has("min") && number < rules.min) problem = `must be at least ${formatG(rules.min)}`;
      else if (has("max") && number > rules.max) problem = `must be at most ${formatG(rules.max)}`;
    }
  }
  if (problem === null && (typeof value === "string" || Array.isArray(value))) {
    if (has("min_length") && length(value) < rules.min_length) {
      problem = `must have at least ${rules.min_length} characters`;
    } else if (has("max_length") && length(value) > rules.max_length) {
      problem = `must have at most ${rules.max_length} characters`;
    }
  }
  if (problem !== null && rules.message) return rules.message;
  return problem;
}

/** A field's problem: "required" (unless hidden), then its rules. */
export function checkField(rules, value, hidden) {
  const r = rules || {};
  if (isEmpty(value)) {
    if (r.required && !hidden) return r.message || "is required";
    return null;
  }
  return checkRules(r, value);
}

/** Rules as given to setRules: an object, or ConnexCS's list of rule objects, merged. */
export function normaliseRules(rules) {
  if (Array.isArray(rules)) return Object.assign({}, ...rules.filter((r) => r && typeof r === "object"));
  return rules && typeof rules === "object" ? { ...rules } : {};
}
