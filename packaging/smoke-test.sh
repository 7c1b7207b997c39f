#!/usr/bin/env bash
# Smoke-test a built Linux app folder:
#   1. the window starts on the demo, saves a screenshot and exits 0 (offscreen), and the picture is checked;
#   2. the console exe prints a saved demo answer with the customer's zone ("CET"), even with no system
#      zone data (PYTHONTZPATH empty: as on Windows, only the bundled tzdata can answer);
#   3. a second start hands its key to the running window over the local socket (one window per person);
#   3b. a look-up as a person makes one, against the loopback fake Metrifox (tests/support/serve_fake.py): the
#      window looks a customer up and saves its screenshot (the server must have been asked for the customer
#      and the invoices checked at look-up), and the console exe prints a customer with every section;
#   4. --self-check runs natively where it can: on a virtual X screen (xcb) when xvfb-run is installed, with
#      the real Secret Service (gnome-keyring in a private D-Bus session) when it is installed, and the
#      report is judged by packaging/assert_self_check.py, with Qt's answers from ICU's data (a German sort,
#      a zone's German name, a Shift_JIS codec, Turkish upper case: the package's ICU data is a smaller copy).
#   packaging/smoke-test.sh dist/metrifox-inspector/metrifox-inspector
set -euo pipefail
binary=${1:?path to the built metrifox-inspector binary}
folder=$(cd "$(dirname "$binary")" && pwd)
cd "$(dirname "$0")/.."
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export HOME="$work" XDG_CONFIG_HOME="$work/config" XDG_STATE_HOME="$work/state"

QT_QPA_PLATFORM=offscreen PYTHON_KEYRING_BACKEND=keyring.backends.fail.Keyring \
  timeout 60 "$binary" --demo --screenshot "$work/shot.png"
QT_QPA_PLATFORM=offscreen .venv/bin/python packaging/check_screenshot.py "$work/shot.png"

PYTHONTZPATH="" PYTHON_KEYRING_BACKEND=keyring.backends.fail.Keyring timeout 60 \
  "$folder/metrifox-inspector-cli" --print-file resources/demo/cust-nordlicht-7f3k.json >"$work/print.txt"
grep -q "10:00 CET" "$work/print.txt" || { echo "console exe: no CET time in --print-file" >&2; exit 1; }
echo "smoke test passed: metrifox-inspector-cli --print-file shows the customer's zone with bundled tzdata only"

# One window per person (QtNetwork's local socket is in the build): a second start hands its key to the window.
mkdir -m 700 "$work/run"
XDG_RUNTIME_DIR="$work/run" QT_QPA_PLATFORM=offscreen PYTHON_KEYRING_BACKEND=keyring.backends.fail.Keyring \
  timeout 60 "$binary" >/dev/null 2>&1 &
first=$!
for _ in $(seq 300); do compgen -G "$work/run/metrifox-inspector-*" >/dev/null && break; sleep 0.1; done
XDG_RUNTIME_DIR="$work/run" QT_QPA_PLATFORM=offscreen PYTHON_KEYRING_BACKEND=keyring.backends.fail.Keyring \
  timeout 20 "$binary" cust-handed-over || { echo "a second start did not hand its key to the window" >&2; exit 1; }
kill -TERM "$first" && wait "$first" || true
echo "smoke test passed: a second start handed its key to the running window and ended"

mkdir "$work/fake"
.venv/bin/python -m tests.support.serve_fake "$work/fake" >"$work/fake/log" 2>&1 &
fake=$!
trap 'kill "$fake" 2>/dev/null || true; rm -rf "$work"' EXIT
for _ in $(seq 100); do [ -s "$work/fake/urls" ] && break; sleep 0.1; done
api=$(sed -n 1p "$work/fake/urls") meter=$(sed -n 2p "$work/fake/urls")
METRIFOX_API_KEY=mfx_test_3c9f1b7e2a6d4f08 QT_QPA_PLATFORM=offscreen \
  PYTHON_KEYRING_BACKEND=keyring.backends.fail.Keyring timeout 60 \
  "$binary" cust-nordlicht-7f3k --base-url "$api" --meter-url "$meter" --screenshot "$work/lookup.png"
QT_QPA_PLATFORM=offscreen .venv/bin/python packaging/check_screenshot.py "$work/lookup.png"
grep -q "^GET /api/v1/customers/cust-nordlicht-7f3k/details" "$work/fake/requests" \
  || { echo "the window did not look the customer up" >&2; exit 1; }
grep -q "^GET /api/v1/subscriptions/.*/billing-history" "$work/fake/requests" \
  || { echo "the window did not fetch the invoices checked at look-up" >&2; exit 1; }
METRIFOX_API_KEY=mfx_test_3c9f1b7e2a6d4f08 PYTHON_KEYRING_BACKEND=keyring.backends.fail.Keyring timeout 60 \
  "$folder/metrifox-inspector-cli" --print cust-mljp3ra6ffjm --with all --base-url "$api" --meter-url "$meter" \
  >"$work/lookup.txt"
for part in "Uppender Lala" "Invoices — " "Usage — " "Credit wallets" "Usage events"; do
  grep -q "^$part" "$work/lookup.txt" || { echo "console exe: no '$part' in --print --with all" >&2; exit 1; }
done
kill "$fake"
echo "smoke test passed: a look-up against the loopback server, in the window and by the console exe"

self_check=(timeout 60 "$binary" --self-check "$work/self-check.json")
judge=(.venv/bin/python packaging/assert_self_check.py "$work/self-check.json" --qt-text)
if command -v xvfb-run >/dev/null; then
  self_check=(xvfb-run -a "${self_check[@]}")
  judge+=(--qt-platform xcb)
else
  export QT_QPA_PLATFORM=offscreen
  judge+=(--qt-platform offscreen)
  echo "smoke test: no xvfb-run, so --self-check runs offscreen (the xcb plugin is not tried)"
fi
if command -v gnome-keyring-daemon >/dev/null && command -v dbus-run-session >/dev/null; then
  # shellcheck disable=SC2016
  dbus-run-session -- sh -c \
    'printf "smoke-pass" | gnome-keyring-daemon --unlock --components=secrets >/dev/null && exec "$@"' \
    sh "${self_check[@]}" 2> >(grep -v "Failed to set fd limit" >&2)
  judge+=(--keyring keyring.backends.SecretService.Keyring --round-trip)
else
  PYTHON_KEYRING_BACKEND=keyring.backends.fail.Keyring "${self_check[@]}"
  judge+=(--keyring keyring.backends.fail.Keyring)
  echo "smoke test: no gnome-keyring, so --self-check cannot try the Secret Service"
fi
"${judge[@]}" >"$work/judged.txt" || { cat "$work/judged.txt"; exit 1; }
tail -1 "$work/judged.txt"
PYTHONTZPATH="" PYTHON_KEYRING_BACKEND=keyring.backends.fail.Keyring QT_QPA_PLATFORM=offscreen \
  timeout 60 "$binary" --self-check "$work/bundled.json"
.venv/bin/python packaging/assert_self_check.py "$work/bundled.json" --qt-platform offscreen \
  --keyring keyring.backends.fail.Keyring --bundled-zones-only >/dev/null
echo "smoke test passed: Europe/Berlin loads from the bundled tzdata with no system zone data"
