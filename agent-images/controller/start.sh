#!/bin/sh
# The roro controller's entry point: the official image's (tini, jenkins.sh), after one check. With the image's own
# JCasC file (a standalone `docker run`), the setup wizard is off and that file makes the administrator from
# JENKINS_ADMIN_PASSWORD: without it Jenkins would start with a literal "${JENKINS_ADMIN_PASSWORD}" as password,
# so it does not start at all. Under the Helm chart, whose own JCasC and admin Secret replace the file, nothing is
# checked here.
own_casc=/usr/share/jenkins/ref/casc/jenkins.yaml
if [ "${CASC_JENKINS_CONFIG:-}" = "$own_casc" ] && [ -z "${JENKINS_ADMIN_PASSWORD:-}" ]; then
  echo "roro-controller: set JENKINS_ADMIN_PASSWORD (and JENKINS_ADMIN_ID, default admin), e.g. in the --env-file:" \
    "this controller makes its administrator from them and lets nobody else in" >&2
  exit 1
fi
exec "${RORO_JENKINS_ENTRYPOINT:-/usr/bin/tini}" -- /usr/local/bin/jenkins.sh "$@"
