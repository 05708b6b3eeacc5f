# Sourced by bench/run.sh, bench/profile.sh and bench/syscalls.sh (after
# they set ROOT and cd there): what they all need, and the one nginx
# configuration every comparison uses (1 worker, no access log, TLS 1.2 and
# 1.3, the "Hello Secure World!" reply).

# apt_install PKG...: installs the packages (none: nothing to do).
apt_install() {
  (($#)) || return 0
  DEBIAN_FRONTEND=noninteractive apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null
}

# require CMD:PACKAGE...: installs the packages whose command is missing.
require() {
  local need=() p
  for p in "$@"; do
    command -v "${p%%:*}" >/dev/null || need+=("${p#*:}")
  done
  ((${#need[@]} == 0)) || echo "installing ${need[*]}" >&2
  apt_install "${need[@]}"
}

# begin_run NAME: a scratch directory $T (removed at exit, with every PID
# in PIDS killed: kill_started), and Ctrl-C ending the script through it.
begin_run() {
  T=$(mktemp -d "/tmp/pyssl-$1.XXXXXX")
  PIDS=()
  trap kill_started EXIT
  trap 'exit 130' INT TERM
}

# build_bench BIN...: builds these pyssl binaries (release) and the load
# tools of bench/tools; sets BENCH to `pyssl-bench`.
build_bench() {
  command -v cargo >/dev/null || export PATH="$HOME/.cargo/bin:$PATH"
  local args=() b
  for b in "$@"; do args+=(--bin "$b"); done
  cargo build --release --quiet "${args[@]}"
  [[ -f bench/tools/Cargo.lock ]] || cp Cargo.lock bench/tools/Cargo.lock
  cargo build --release --quiet --manifest-path bench/tools/Cargo.toml \
    --target-dir "$ROOT/target/bench-tools"
  BENCH=$ROOT/target/bench-tools/release/pyssl-bench
}

# free_port: a TCP port on 127.0.0.1 that the kernel says is free now.
free_port() {
  "${PY:-python3}" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'
}

# wait_port PORT [TRIES]: until something accepts on 127.0.0.1:PORT, trying
# every 0.1 s, TRIES times (100: 10 s); exits the script when nothing does.
wait_port() {
  local i
  for i in $(seq "${2:-100}"); do
    "${PY:-python3}" -c 'import socket,sys; socket.create_connection(("127.0.0.1",int(sys.argv[1])),0.2).close()' \
      "$1" 2>/dev/null && return 0
    sleep 0.1
  done
  echo "nothing listens on 127.0.0.1:$1" >&2
  exit 1
}

# kill_started: kills every PID in PIDS (TERM, then KILL) and removes $T.
kill_started() {
  local p
  for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done
  sleep 0.3
  for p in "${PIDS[@]}"; do kill -9 "$p" 2>/dev/null || true; done
  rm -rf "$T"
}

# nginx_conf DIR PORT CERTBASE [WORKERS]: writes DIR/nginx.conf serving
# 127.0.0.1:PORT with certs/CERTBASE.pem and .key ($ROOT must be the
# repository), with WORKERS worker processes (1 by default).
nginx_conf() {
  local d=$1 port=$2 base=$3 workers=${4:-1}
  mkdir -p "$d"
  cat >"$d/nginx.conf" <<NGINX
worker_processes $workers;
daemon off;
pid $d/nginx.pid;
error_log $d/error.log warn;
worker_rlimit_nofile 65536;
events { worker_connections 8192; }
http {
  access_log off;
  client_body_temp_path $d/body;
  proxy_temp_path $d/proxy;
  fastcgi_temp_path $d/fastcgi;
  uwsgi_temp_path $d/uwsgi;
  scgi_temp_path $d/scgi;
  client_header_timeout 900s;
  keepalive_timeout 900s;
  server {
    listen 127.0.0.1:$port ssl;
    ssl_certificate $ROOT/certs/$base.pem;
    ssl_certificate_key $ROOT/certs/$base.key;
    ssl_protocols TLSv1.2 TLSv1.3;
    location / { return 200 "Hello Secure World!"; }
  }
}
NGINX
}
