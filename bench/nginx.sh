# Sourced by bench/run.sh, bench/profile.sh and bench/syscalls.sh: the one
# nginx configuration every comparison uses (1 worker, no access log,
# TLS 1.2 and 1.3, the "Hello Secure World!" reply).

# nginx_conf DIR PORT CERTBASE: writes DIR/nginx.conf serving 127.0.0.1:PORT
# with certs/CERTBASE.pem and .key ($ROOT must be the repository).
nginx_conf() {
  local d=$1 port=$2 base=$3
  mkdir -p "$d"
  cat >"$d/nginx.conf" <<NGINX
worker_processes 1;
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
