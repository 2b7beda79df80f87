#!/bin/bash
# The stand-in nginx image's entrypoint: renders /etc/nginx/templates/*.template into
# /etc/nginx/conf.d (name without .template), substituting only the environment variables whose
# names match NGINX_ENVSUBST_FILTER (all of them when unset), as the official image does; then
# runs the command.
set -Eeuo pipefail
shopt -s nullglob
filter=${NGINX_ENVSUBST_FILTER:-}
names=$(compgen -e | grep -E -- "${filter:-.}" | sed 's/.*/${&}/' | tr '\n' ' ' || true)
for template in /etc/nginx/templates/*.template; do
    out=/etc/nginx/conf.d/$(basename "$template" .template)
    echo "rendering $template to $out"
    envsubst "$names" <"$template" >"$out"
done
exec "$@"
