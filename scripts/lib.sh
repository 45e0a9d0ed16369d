# Shared by the setup scripts: finding or installing the tools Inspectorate needs on Debian.
set -euo pipefail

say() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }

apt_install() {
  # Debian packages are installed only when missing, and only where we may (root or password-less sudo).
  local missing=()
  for pkg in "$@"; do dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg"); done
  [ ${#missing[@]} -eq 0 ] && return 0
  local sudo=""
  if [ "$(id -u)" -ne 0 ]; then
    if sudo -n true 2>/dev/null; then sudo="sudo -n"; else
      echo "Please install these Debian packages first: ${missing[*]} (sudo apt-get install ${missing[*]})" >&2
      return 1
    fi
  fi
  say "Installing Debian packages: ${missing[*]}"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

ensure_uv() {
  export PATH="$HOME/.local/bin:$PATH"
  command -v uv >/dev/null 2>&1 && return 0
  say "Installing uv from PyPI"
  python3 -m pip --version >/dev/null 2>&1 || apt_install python3-pip
  python3 -m pip install --user --quiet uv 2>/dev/null \
    || python3 -m pip install --user --quiet --break-system-packages uv
  command -v uv >/dev/null 2>&1 || { echo "uv was installed but is not on PATH" >&2; return 1; }
}

ensure_node() {
  command -v npm >/dev/null 2>&1 || apt_install nodejs npm
}

ensure_python_env() {
  ensure_uv
  say "Python packages (uv sync, locked)"
  uv sync --frozen --quiet
}

ensure_frontend() {
  ensure_node
  if [ ! -d node_modules/govuk-frontend ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
    say "Front-end packages (npm ci)"
    npm ci --no-audit --no-fund --loglevel=error
  fi
  say "Building the stylesheet"
  npm run -s build
}

ensure_chromium() {
  command -v chromium >/dev/null 2>&1 || apt_install chromium
}

liberation_package() {
  # Liberation 2 where Debian has it (the same version on bookworm and trixie), else the older package
  # of the same metrics (so the same layout); either one already installed will do.
  local pkg
  for pkg in fonts-liberation2 fonts-liberation; do
    dpkg -s "$pkg" >/dev/null 2>&1 && { echo "$pkg"; return 0; }
  done
  if apt-cache show fonts-liberation2 2>/dev/null | grep -q '^Version:'; then echo fonts-liberation2; else echo fonts-liberation; fi
}

ensure_pdf_tools() {
  # WeasyPrint renders with Pango. The report, its charts and the Word file name Liberation Sans:
  # without it a PDF falls back to a wider font and lays out differently on every machine.
  apt_install libpango-1.0-0 libpangoft2-1.0-0 fontconfig "$(liberation_package)"
}

ensure_pdf_test_tools() {
  # The tests read reports back as a reader's software would: pdftotext, pdfinfo, pdffonts, pdftoppm.
  ensure_pdf_tools
  apt_install poppler-utils
}

ensure_local_settings() {
  # A laptop's own settings, read by every `inspectorate` command (the environment wins over them):
  # a secret key generated here and debug mode on. Never committed (var/ is ignored); kept if present.
  local file="${INSPECTORATE_LOCAL_SETTINGS-${INSPECTORATE_VAR_DIR:-var}/local.env}"
  [ -z "$file" ] && return 0
  [ -f "$file" ] && return 0
  say "Local settings: $file (a new secret key, DEBUG on)"
  mkdir -p "$(dirname "$file")"
  local key
  key=$(python3 -c 'import secrets; print(secrets.token_urlsafe(50))')
  (
    umask 077
    printf '%s\n' \
      "# Local settings for this checkout, written by make run; see docs/configuration.md." \
      "# Environment variables win over these. Never use this file on a server." \
      "DEBUG=true" \
      "SECRET_KEY=$key" >"$file"
  )
}
