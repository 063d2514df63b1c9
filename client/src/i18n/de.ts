/**
 * German messages — the source dictionary. Every user-facing string of the client lives here
 * and in en.ts; en.ts is typed against the keys of this object, so a key added here without
 * an English translation (or the other way round) is a type error.
 *
 * Keys are flat and namespaced by feature: `<feature>.<element>`. Placeholders use `{name}`.
 */
export const de = {
  // product and shell
  'app.name': 'Lagebild',
  'app.operator': 'CERT-Thüringen',
  'app.tagline': 'Warnmeldungen und Vorfallsaustausch im CERT-Verbund Thüringen',
  'app.loading': 'Lagebild wird geladen …',
  'app.footer': 'Lagebild – Plattform des CERT-Thüringen für Warnmeldungen und den Austausch zu Sicherheitsvorfällen.',
  'app.footerTlp': 'Informationen werden nach TLP 2.0 gekennzeichnet und nur im Rahmen ihrer Kennzeichnung weitergegeben.',
  'app.startupFailed': 'Lagebild konnte nicht geladen werden.',
  'app.retry': 'Erneut versuchen',

  'skipLink': 'Zum Inhalt springen',

  // navigation
  'nav.label': 'Hauptnavigation',
  'nav.dashboard': 'Lagebild',
  'nav.advisories': 'Warnmeldungen',
  'nav.incidents': 'Vorfälle',
  'nav.feedInbox': 'Eingang',
  'nav.inventory': 'Inventar',
  'nav.admin': 'Verwaltung',

  // language switch
  'lang.label': 'Sprache',
  'lang.de': 'Deutsch',
  'lang.en': 'English',
  'lang.changed': 'Sprache: Deutsch',

  // connection indicator
  'connection.label': 'Verbindungsstatus',
  'connection.idle': 'Live-Aktualisierung inaktiv',
  'connection.connecting': 'Verbinde …',
  'connection.online': 'Live verbunden',
  'connection.offline': 'Keine Netzwerkverbindung',

  // user menu
  'userMenu.button': '(Benutzermenü)',
  'userMenu.signedInAs': 'Angemeldet als',
  'userMenu.logout': 'Abmelden',
  'userMenu.loggedOut': 'Sie wurden abgemeldet.',
  'userMenu.logoutFailed': 'Die Abmeldung ist fehlgeschlagen. Bitte versuchen Sie es erneut.',

  // roles and organization kinds
  'role.cert_admin': 'CERT-Administration',
  'role.cert_analyst': 'CERT-Analyse',
  'role.org_admin': 'Administration der Organisation',
  'role.member': 'Mitglied',
  'role.read_only': 'Nur Lesezugriff',
  'orgKind.cert': 'CERT',
  'orgKind.state_agency': 'Landesbehörde',
  'orgKind.district': 'Landkreis',
  'orgKind.city': 'Kreisfreie Stadt',
  'orgKind.municipality': 'Gemeinde',
  'orgKind.it_provider': 'IT-Dienstleister',
  'orgKind.kritis_operator': 'Betreiber kritischer Infrastruktur',
  'orgKind.unknown': 'Organisation',

  // login
  'login.title': 'Anmeldung',
  'login.intro': 'Melden Sie sich mit Ihrem Konto im CERT-Verbund Thüringen an.',
  'login.email': 'E-Mail-Adresse',
  'login.password': 'Passwort',
  'login.totp': 'Bestätigungscode',
  'login.totpHint': 'Sechsstelliger Code aus Ihrer Authenticator-App.',
  'login.submit': 'Anmelden',
  'login.submitting': 'Anmeldung läuft …',
  'login.errorHeading': 'Die Anmeldung ist fehlgeschlagen.',
  'login.error.emailRequired': 'Bitte geben Sie Ihre E-Mail-Adresse ein.',
  'login.error.emailInvalid': 'Bitte geben Sie eine gültige E-Mail-Adresse ein, z. B. name@behoerde.de.',
  'login.error.passwordRequired': 'Bitte geben Sie Ihr Passwort ein.',
  'login.error.totpRequired': 'Bitte geben Sie den Bestätigungscode aus Ihrer Authenticator-App ein.',
  'login.error.totpInvalid': 'Der Bestätigungscode ist ungültig oder abgelaufen.',
  'login.error.credentials': 'E-Mail-Adresse oder Passwort ist nicht korrekt.',
  'login.error.throttled': 'Zu viele Anmeldeversuche. Bitte warten Sie einige Minuten und versuchen Sie es dann erneut.',
  'login.error.throttledSeconds': 'Zu viele Anmeldeversuche. Bitte versuchen Sie es in {seconds} Sekunden erneut.',
  'login.error.locked': 'Ihr Konto ist nach mehreren Fehlversuchen vorübergehend gesperrt. Bitte versuchen Sie es später erneut.',
  'login.error.validation': 'Bitte prüfen Sie Ihre Eingaben.',
  'login.error.network': 'Der Server ist nicht erreichbar. Bitte prüfen Sie Ihre Verbindung.',
  'login.error.unexpected': 'Ein unerwarteter Fehler ist aufgetreten. Bitte versuchen Sie es später erneut.',
  'login.totpPrompt': 'Für Ihr Konto ist die Zwei-Faktor-Anmeldung aktiv. Bitte geben Sie zusätzlich Ihren Bestätigungscode ein.',
  'login.help': 'Probleme bei der Anmeldung? Wenden Sie sich an die Administration Ihrer Organisation oder an das CERT-Thüringen.',
  'login.success': 'Anmeldung erfolgreich.',

  // dashboard
  'dashboard.title': 'Lagebild',
  'dashboard.greeting': 'Guten Tag, {name}.',
  'dashboard.membershipsIntro': 'Sie sind in Lagebild für folgende Organisationen tätig:',
  'dashboard.noMemberships': 'Ihr Konto ist noch keiner Organisation zugeordnet. Bitte wenden Sie sich an das CERT-Thüringen.',
  'dashboard.roleLabel': 'Rolle',
  'dashboard.affectsYou.title': 'Betrifft Sie',
  'dashboard.affectsYou.empty': 'Keine offenen Warnmeldungen für Ihre Organisation.',
  'dashboard.affectsYou.hint': 'Sobald eine Warnmeldung Produkte aus dem Inventar Ihrer Organisation betrifft, erscheint sie hier.',
  'dashboard.newAdvisories.title': 'Neue Warnmeldungen',
  'dashboard.newAdvisories.empty': 'Es liegen keine neuen Warnmeldungen vor.',
  'dashboard.newAdvisories.hint': 'Hier erscheinen die zuletzt veröffentlichten Warnmeldungen des CERT-Thüringen.',
  'dashboard.openIncidents.title': 'Offene Vorfälle',
  'dashboard.openIncidents.empty': 'Keine offenen Vorfälle.',
  'dashboard.openIncidents.hint': 'Gemeldete Sicherheitsvorfälle werden hier bis zu ihrem Abschluss angezeigt.',
  'dashboard.tlp.title': 'TLP 2.0 auf einen Blick',
  'dashboard.tlp.intro': 'Das Traffic Light Protocol legt fest, an wen Sie Informationen weitergeben dürfen.',
  'dashboard.tlp.clear': 'Ohne Einschränkung weitergebbar.',
  'dashboard.tlp.green': 'Innerhalb der Community des CERT-Verbunds.',
  'dashboard.tlp.amber': 'Nur an die adressierten Organisationen, soweit zur Umsetzung nötig.',
  'dashboard.tlp.amberStrict': 'Nur innerhalb der adressierten Organisation selbst.',
  'dashboard.tlp.red': 'Nur für die namentlich genannten Empfängerinnen und Empfänger.',

  // TLP badge
  'tlp.badgeLabel': 'Kennzeichnung {label}',

  // errors / generic pages
  'notFound.title': 'Seite nicht gefunden',
  'notFound.text': 'Die aufgerufene Adresse gibt es in Lagebild nicht.',
  'notFound.back': 'Zur Startseite',
  'forbidden.title': 'Kein Zugriff',
  'forbidden.text': 'Für diese Seite fehlt Ihrem Konto die nötige Berechtigung.',
  'session.expired': 'Ihre Sitzung ist abgelaufen. Bitte melden Sie sich erneut an.',
} satisfies Record<string, string>;

export type MessageKey = keyof typeof de;
export type Messages = Record<MessageKey, string>;
