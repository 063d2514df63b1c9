import { tableDe } from '../components/table.messages';
import { feedsDe } from '../features/feeds/feeds.messages';
import { incidentsDe } from '../features/incidents/incidents.messages';
import { workspaceDe } from '../features/incidents/workspace.messages';
/**
 * German messages — the source dictionary. Every user-facing string of the client lives here
 * and in en.ts; en.ts is typed against the keys of this object, so a key added here without
 * an English translation (or the other way round) is a type error.
 *
 * Keys are flat and namespaced by feature: `<feature>.<element>`. Placeholders use `{name}`.
 */
import { situationDe } from '../features/situation/situation.messages';
import { reportsDe } from '../features/situation/reports.messages';
import { liveDe } from '../features/dashboard/live.messages';
import { advisoriesDe } from '../features/advisories/advisories.messages';
import { authDe } from '../features/auth/auth.messages';
import { accountDe } from '../features/account/account.messages';
import { adminDe } from '../features/admin/admin.messages';
import { operationsDe } from '../features/operations/operations.messages';
import { inventoryDe } from '../features/inventory/inventory.messages';
import { publishDe } from '../features/advisories/publish.messages';
import { coverageDe } from '../features/inventory/coverage.messages';
import { labelsDe } from '../lib/labels.messages';
import { fieldProblemsDe } from '../lib/field-problems.messages';
import { problemsDe } from '../lib/problems.messages';
import { readableValueDe } from '../lib/readable-value.messages';
import { auditDe } from '../features/admin/audit.messages';
import { jobResultDe } from '../features/operations/job-result.messages';

export const de = {
  // Feature dictionaries (client/src/features/<feature>/<feature>.messages.ts), one spread line each:
  ...liveDe,
  ...situationDe,
  ...reportsDe,
  ...inventoryDe,
  ...authDe,
  ...accountDe,
  ...adminDe,
  ...operationsDe,
  ...advisoriesDe,
  ...incidentsDe,
  ...workspaceDe,
  ...feedsDe,
  ...publishDe,
  ...coverageDe,
  ...labelsDe,
  ...fieldProblemsDe,
  ...problemsDe,
  ...readableValueDe,
  ...auditDe,
  ...jobResultDe,
  ...tableDe,

  // product and shell
  'app.name': 'Lagebild',
  'app.operator': 'CERT-Thüringen',
  'app.tagline': 'Warnmeldungen und Vorfallsaustausch im CERT-Verbund Thüringen',
  'app.loading': 'Lagebild wird geladen …',
  'app.footer': 'Lagebild – Plattform des CERT-Thüringen für Warnmeldungen und den Austausch zu Sicherheitsvorfällen.',
  'app.footerTlp': 'Informationen werden nach TLP 2.0 gekennzeichnet und nur im Rahmen ihrer Kennzeichnung weitergegeben.',
  'app.startupFailed': 'Lagebild konnte nicht geladen werden.',
  'app.retry': 'Erneut versuchen',
  'app.pageLoading': 'Seite wird geladen …',
  'app.pageLoadFailed': 'Diese Seite konnte nicht geladen werden.',
  'app.pageLoadFailedHint': 'Prüfen Sie die Verbindung und laden Sie die Seite neu. Nach einer Aktualisierung von Lagebild ist das einmal nötig.',
  'app.reload': 'Seite neu laden',

  'skipLink': 'Zum Inhalt springen',

  // navigation
  'nav.more': 'Mehr',
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
  'dashboard.newAdvisories.all': 'Alle Warnmeldungen anzeigen',
  'dashboard.tlp.title': 'TLP 2.0 auf einen Blick',
  'dashboard.tlp.intro': 'Das Traffic Light Protocol legt fest, an wen Sie Informationen weitergeben dürfen.',
  'dashboard.tlp.clear': 'Ohne Einschränkung weitergebbar.',
  'dashboard.tlp.green': 'Innerhalb der Community des CERT-Verbunds.',
  'dashboard.tlp.amber': 'Nur an die adressierten Organisationen, soweit zur Umsetzung nötig.',
  'dashboard.tlp.amberStrict': 'Nur innerhalb der adressierten Organisation selbst.',
  'dashboard.tlp.red': 'Nur für die namentlich genannten Empfängerinnen und Empfänger.',

  // severities (BSI)
  'severity.label': 'Schweregrad',
  'severity.niedrig': 'Niedrig',
  'severity.mittel': 'Mittel',
  'severity.hoch': 'Hoch',
  'severity.kritisch': 'Kritisch',
  'severity.none': 'nicht bewertet',

  // advisories: list
  'advisories.title': 'Warnmeldungen',
  'advisories.lead': 'Warnmeldungen des CERT-Thüringen, die für Ihre Organisation freigegeben sind.',
  'advisories.new': 'Neue Warnmeldung',
  'advisories.filters': 'Filter',
  'advisories.filter.severity': 'Schweregrad',
  'advisories.filter.tlp': 'TLP-Kennzeichnung',
  'advisories.filter.cve': 'CVE-Kennung',
  'advisories.filter.cveHint': 'z. B. CVE-2024-3400',
  'advisories.filter.any': 'Alle',
  'advisories.filter.apply': 'Filter anwenden',
  'advisories.filter.reset': 'Filter zurücksetzen',
  'advisories.search.label': 'Volltextsuche',
  'advisories.search.hint': 'Sucht in Titel, Zusammenfassung und Text (Deutsch und Englisch).',
  'advisories.search.submit': 'Suchen',
  'advisories.search.clear': 'Suche beenden',
  'advisories.search.results': 'Suchergebnisse für „{q}“',
  'advisories.search.count.one': '{n} Treffer',
  'advisories.search.count.other': '{n} Treffer',
  'advisories.search.empty': 'Keine Warnmeldung passt zu Ihrer Suche.',
  'advisories.list.heading': 'Alle Warnmeldungen',
  'advisories.list.count.one': '{n} Warnmeldung angezeigt',
  'advisories.list.count.other': '{n} Warnmeldungen angezeigt',
  'advisories.list.published': 'Veröffentlicht',
  'advisories.list.draft': 'Entwurf',
  'advisories.list.loadMore': 'Weitere laden',
  'advisories.list.loading': 'Warnmeldungen werden geladen …',
  'advisories.list.empty': 'Keine Warnmeldungen gefunden.',
  'advisories.list.emptyHint': 'Ändern Sie die Filter oder schauen Sie später wieder vorbei.',
  'advisories.error': 'Die Warnmeldungen konnten nicht geladen werden.',
  'advisories.status.draft': 'Entwurf',
  'advisories.status.published': 'Veröffentlicht',
  'advisories.status.revised': 'Überarbeitet',
  'advisories.status.withdrawn': 'Zurückgezogen',

  // advisories: detail
  'advisory.loading': 'Warnmeldung wird geladen …',
  'advisory.notFound.title': 'Warnmeldung nicht gefunden',
  'advisory.notFound.text': 'Diese Warnmeldung gibt es nicht, oder sie ist für Ihre Organisation nicht freigegeben.',
  'advisory.back': 'Zurück zu den Warnmeldungen',
  'advisory.meta': 'Eckdaten',
  'advisory.status': 'Status',
  'advisory.version': 'Version',
  'advisory.published': 'Veröffentlicht',
  'advisory.cvss': 'CVSS',
  'advisory.cves': 'CVE-Kennungen',
  'advisory.products': 'Betroffene Produkte',
  'advisory.summary': 'Zusammenfassung',
  'advisory.body': 'Beschreibung',
  'advisory.recommendations': 'Empfehlungen',
  'advisory.references': 'Referenzen',
  'advisory.versions': 'Versionen',
  'advisory.versionItem': 'Version {version} vom {date}',
  'advisory.noVersions': 'Noch keine veröffentlichte Version.',
  'advisory.none': 'Keine Angaben',
  'advisory.stix': 'STIX exportieren',
  'advisory.stixHint': 'STIX-2.1-Bundle (JSON) herunterladen',
  'advisory.publish': 'Veröffentlichen',
  'advisory.published.done': 'Die Warnmeldung wurde veröffentlicht.',

  // advisories: editor
  'editor.title': 'Neue Warnmeldung',
  'editor.lead': 'Veröffentlicht wird mit Titel, Zusammenfassung und Text auf Deutsch; die englische Fassung ist optional. Ein Entwurf lässt sich auch mit der englischen Fassung allein speichern.',
  'editor.required': '(Pflichtfeld)',
  'editor.optional': '(optional)',
  'editor.titleDe': 'Titel (Deutsch)',
  'editor.titleEn': 'Titel (Englisch)',
  'editor.summaryDe': 'Zusammenfassung (Deutsch)',
  'editor.summaryEn': 'Zusammenfassung (Englisch)',
  'editor.bodyDe': 'Text (Deutsch, Markdown)',
  'editor.bodyEn': 'Text (Englisch, Markdown)',
  'editor.severity': 'Schweregrad',
  'editor.cves': 'CVE-Kennungen',
  'editor.cvesHint': 'Mehrere Kennungen mit Komma trennen, z. B. CVE-2024-3400, CVE-2023-4966.',
  'editor.tlp': 'TLP-Kennzeichnung',
  'editor.tlp.clear': 'TLP:CLEAR – ohne Einschränkung weitergebbar, auch öffentlich.',
  'editor.tlp.green': 'TLP:GREEN – für alle Organisationen im CERT-Verbund, nicht öffentlich.',
  'editor.tlp.amber': 'TLP:AMBER – nur für die unten ausgewählten Organisationen und Teilungsgruppen samt ihren untergeordneten Organisationen (z. B. den Gemeinden eines Landkreises); weitergeben nur, soweit diese es zum Schutz brauchen.',
  'editor.tlp.amberStrict': 'TLP:AMBER+STRICT – nur innerhalb der unten ausgewählten Organisationen selbst, nicht an untergeordnete Organisationen oder Dienstleister.',
  'editor.tlp.red': 'TLP:RED – nur für die unten namentlich ausgewählten Personen; nicht weitergeben, auch nicht innerhalb der eigenen Organisation.',
  'editor.audience': 'Empfängerorganisationen',
  'editor.audienceHint': 'Für TLP:AMBER und TLP:AMBER+STRICT: Wer soll die Warnmeldung erhalten? Mehrfachauswahl mit Strg bzw. Umschalt.',
  'editor.preview': 'Vorschau',
  'editor.previewEmpty': 'Noch kein Text.',
  'editor.saveDraft': 'Entwurf speichern',
  'editor.saving': 'Wird gespeichert …',
  'editor.conflictTitle': 'Jemand hat diese Warnmeldung inzwischen gespeichert',
  'editor.conflictText': 'Ihre Änderungen wurden nicht gespeichert, damit nichts überschrieben wird. Laden Sie die aktuelle Fassung: Ihre ungespeicherten Änderungen werden darauf übertragen; prüfen Sie sie und speichern Sie erneut.',
  'editor.conflictMerge': 'Aktuelle Fassung laden und meine Änderungen übernehmen',
  'editor.conflictCancel': 'Abbrechen',
  'editor.conflictMerged': 'Aktuelle Fassung geladen und Ihre Änderungen übernommen – bitte prüfen und speichern.',
  'editor.saved': 'Entwurf gespeichert.',
  'editor.publish': 'Veröffentlichen',
  'editor.publishing': 'Wird veröffentlicht …',
  'editor.errorHeading': 'Die Warnmeldung konnte nicht gespeichert werden.',
  'editor.errorFields': 'Bitte prüfen Sie die markierten Felder.',
  'editor.error.required': 'Dieses Feld ist ein Pflichtfeld.',

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
