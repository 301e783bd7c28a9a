#!/usr/bin/env bash
# A short tour of Keyward: bash docs/tour.sh, next to a server in dev-mailbox mode (no SMTP host).
# KEYWARD_URL is the server (default http://localhost:9000); KEYWARD_ADMIN_TOKEN the operator
# token (default: the file data/admin-token of the directory the server was started in).
set -euo pipefail
fail() { echo "tour: $*" >&2; exit 1; }
BASE=${KEYWARD_URL:-http://localhost:9000}
TOKEN=${KEYWARD_ADMIN_TOKEN:-$(cat data/admin-token 2>/dev/null || fail "no data/admin-token: set KEYWARD_ADMIN_TOKEN")}
EMAIL="ada.$RANDOM$RANDOM@example.com"   # a new address per run: the dev mailbox keeps older mail
JSON='Content-Type: application/json'

# call STATUS METHOD PATH [curl options]: prints the answer's body; stops unless the status is STATUS
call() {
  local want=$1 method=$2 path=$3 out
  shift 3
  out=$(curl -sS --max-time 30 -w '\n%{http_code}' -X "$method" "$BASE$path" "$@") || fail "no answer from $BASE"
  [ "${out##*$'\n'}" = "$want" ] || fail "$method $path answered ${out##*$'\n'}, expected $want: ${out%$'\n'*}"
  printf '%s\n' "${out%$'\n'*}"
}
# field NAME JSON: the first string value named NAME (enough for these answers, without jq)
field() {
  printf '%s' "$2" | grep -o "\"$1\":\"[^\"]*\"" | sed -n '1s/^.*:"\(.*\)"$/\1/p' | grep . || fail "no $1 in: $2"
}
# mailbox SUBJECT: the text of the mail with this subject to $EMAIL, from the dev mailbox (the relay
# sends in the background, so wait up to 10 s); /dev/mailbox answers only on the server's machine
mailbox() {
  for _ in $(seq 50); do
    box=$(call 200 GET '/dev/mailbox?format=json')
    text=$(printf '%s' "$box" | tr '{' '\n' | grep -F "\"to\":\"$EMAIL\"" | grep -F "\"subject\":\"$1\"" \
      | sed -n '1s/.*"text":"\([^"]*\)".*/\1/p') || true
    [ -z "$text" ] || { printf '%s\n' "$text"; return; }
    sleep 0.2
  done
  fail "no mail \"$1\" to $EMAIL in $BASE/dev/mailbox"
}

# 1. The operator creates a project; its admin key is in this answer only.
PROJECT=$(call 201 POST /api/admin/projects -H "Authorization: Bearer $TOKEN" -H "$JSON" -d '{"name":"My app"}')
PROJECT_ID=$(field id "$PROJECT")
ADMIN_KEY=$(field adminKey "$PROJECT")
echo "1. created project $PROJECT_ID"
# 2. The project's own admin key reads it back.
call 200 GET "/api/admin/projects/$PROJECT_ID" -H "X-API-Key: $ADMIN_KEY" | grep -F '"name":"My app"' >/dev/null \
  || fail "GET /api/admin/projects/$PROJECT_ID is not My app"
echo "2. read it back with its admin key"

# 3. An app registers a user; the verification mail lands in the dev mailbox.
call 201 POST /api/auth/local/register -H "$JSON" -d '{"email":"'"$EMAIL"'","password":"correct horse battery",
  "firstName":"Ada","lastName":"Lovelace","projectId":"'"$PROJECT_ID"'"}' >/dev/null
VERIFY_TOKEN=$(mailbox 'Verify your email' | sed -n 's/.*[?&]token=\([^&\\]*\).*/\1/p' | grep .) \
  || fail "no link with ?token= in the verification mail"
# 4. The link opens a page whose button makes this call (so mail scanners cannot verify).
call 200 POST /api/auth/verify-email -H "$JSON" \
  -d '{"token":"'"$VERIFY_TOKEN"'","projectId":"'"$PROJECT_ID"'"}' >/dev/null
echo "3-4. registered $EMAIL and verified it with the link from the mailbox"
# 5. Log in.
LOGIN=$(call 200 POST /api/auth/local/login -H "$JSON" \
  -d '{"email":"'"$EMAIL"'","password":"correct horse battery","projectId":"'"$PROJECT_ID"'"}')
echo "5. logged in (access token $(field token "$LOGIN" | cut -c1-8)...)"

# 6. Forgot password: the same answer whether or not the account exists; a code is mailed.
call 200 POST /api/auth/local/password-reset -H "$JSON" \
  -d '{"email":"'"$EMAIL"'","projectId":"'"$PROJECT_ID"'"}' >/dev/null
# 7. The code is the line of the mail that holds it alone.
CODE=$(mailbox 'Your password reset code' | grep -o '\\n[0-9A-Z]\{6,10\}\\n' | sed -n '1s/\\n//gp' | grep .) \
  || fail "no code alone on a line in the reset mail"
# 8. Set a new password with it (every session is revoked; none is issued), then log in with it.
call 200 POST /api/auth/local/password-reset/confirm -H "$JSON" -d '{"email":"'"$EMAIL"'","projectId":"'"$PROJECT_ID"'",
  "otp":"'"$CODE"'","newPassword":"a new long passphrase"}' >/dev/null
call 200 POST /api/auth/local/login -H "$JSON" \
  -d '{"email":"'"$EMAIL"'","password":"a new long passphrase","projectId":"'"$PROJECT_ID"'"}' >/dev/null
echo "6-8. reset the password with code $CODE from the mailbox and logged in with the new one"

# 9. The tenant admin tightens its own code policy: 8 symbols of 2-9 and A-Z, valid 5 minutes.
call 200 PUT "/api/admin/projects/$PROJECT_ID/otp-policy" -H "X-API-Key: $ADMIN_KEY" -H "$JSON" \
  -d '{"length":8,"alphabet":"alphanumeric","ttlSeconds":300,"maxAttempts":5,"resendCooldownSeconds":60,
  "maxSendsPerHour":5,"maxFailuresPerDay":10}' >/dev/null
echo "9. OTP policy is now 8 alphanumeric symbols"
# 10. The audit log: the completed reset (never a code or a password).
echo "10. $(call 200 GET "/api/admin/projects/$PROJECT_ID/events?type=reset.completed" -H "X-API-Key: $ADMIN_KEY")"
