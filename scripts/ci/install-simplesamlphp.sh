#!/bin/sh
# Installs SimpleSAMLphp from Debian for the SAML interop suite (test/integration/auth/saml-simplesamlphp.test.ts).
# Idempotent and non-interactive. The package pulls in apache2; a policy-rc.d that answers 101 keeps
# it from starting (and taking port 80); it is only created when none exists.
set -eu

if [ -f /usr/share/simplesamlphp/www/index.php ] && php -r 'exit(class_exists("DOMDocument") && function_exists("mb_strlen") ? 0 : 1);' 2>/dev/null; then
  echo "simplesamlphp already installed"
  exit 0
fi

export DEBIAN_FRONTEND=noninteractive
if [ ! -e /usr/sbin/policy-rc.d ]; then
  printf '#!/bin/sh\nexit 101\n' > /usr/sbin/policy-rc.d
  chmod +x /usr/sbin/policy-rc.d
fi

apt-get update -qq
# php-xml and php-mbstring are missing dependencies of the Debian package (DOMDocument, mb_*).
apt-get install -y -qq --no-install-recommends simplesamlphp php-cli php-xml php-mbstring

echo "simplesamlphp installed: $(dpkg-query -W -f='${Version}' simplesamlphp)"
