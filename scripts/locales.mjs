// Source of the UI strings: edit here, then `node scripts/locales.mjs` writes public/_locales/{en,de}/messages.json.
// Each entry: [key, English, German]. A unit test fails when a key is missing in either language.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';

const strings = [
  ['extName', 'Backstory', 'Backstory'],
  ['extDescription', 'The Russia–Iran story behind the news page you are reading: who is who, what happened before, who claimed what. Offline.', 'Die Russland-Iran-Geschichte hinter der Nachricht, die Sie lesen: wer wer ist, was vorher geschah, wer was behauptete. Offline.'],
  ['cmdToggleSidebar', 'Open or close the Backstory sidebar', 'Backstory-Seitenleiste öffnen oder schließen'],
  ['cmdLookup', 'Look up the selected text in Backstory', 'Markierten Text in Backstory nachschlagen'],
  ['lang', 'en', 'de'],
  ['menuLookup', 'Look up “%s” in Backstory', '„%s“ in Backstory nachschlagen'],
  ['tabMentions', 'mentions on this page: open the sidebar', 'Erwähnungen auf dieser Seite: Seitenleiste öffnen'],
  ['sidebarLabel', 'Backstory: background to this article', 'Backstory: Hintergrund zu diesem Artikel'],
  ['closeSidebar', 'Close sidebar', 'Seitenleiste schließen'],
  ['prevMention', 'Previous mention on the page', 'Vorige Erwähnung auf der Seite'],
  ['nextMention', 'Next mention on the page', 'Nächste Erwähnung auf der Seite'],
  ['focusedOn', 'Showing only:', 'Nur:'],
  ['clearFocus', 'Show all', 'Alle zeigen'],
  ['loading', 'Loading the backstory…', 'Hintergrund wird geladen …'],
  ['loadError', 'Backstory could not load its index. Reload the extension and try again.', 'Backstory konnte seinen Index nicht laden. Laden Sie die Erweiterung neu und versuchen Sie es erneut.'],
  ['retry', 'Try again', 'Erneut versuchen'],
  ['sectionBefore', 'Before this article', 'Vor diesem Artikel'],
  ['sectionBeforeAll', 'Timeline (this page has no date)', 'Zeitleiste (diese Seite hat kein Datum)'],
  ['sectionTimeline', 'Timeline', 'Zeitleiste'],
  ['sectionClaims', 'Claims', 'Behauptungen'],
  ['sectionPeople', 'People and places', 'Personen und Orte'],
  ['emptyEvents', 'No earlier events on record for the names on this page.', 'Keine früheren Ereignisse zu den Namen auf dieser Seite bekannt.'],
  ['emptyEventsCard', 'No events on record for this name yet.', 'Zu diesem Namen sind noch keine Ereignisse bekannt.'],
  ['emptyClaims', 'No attributed claims on record for these names.', 'Keine zugeschriebenen Behauptungen zu diesen Namen bekannt.'],
  ['emptyEntities', 'Backstory knows little about the names on this page yet.', 'Backstory weiß noch wenig über die Namen auf dieser Seite.'],
  ['whySameClaim', 'same claim: $1', 'gleiche Behauptung: $1'],
  ['whySameStory', 'same story: $1', 'gleiche Geschichte: $1'],
  ['whyHelp', 'Why this is here: the names and the claim it shares with this page', 'Warum das hier steht: die Namen und die Behauptung, die es mit dieser Seite teilt'],
  ['showAll', 'Show all ($1)', 'Alle zeigen ($1)'],
  ['showFewer', 'Show fewer', 'Weniger zeigen'],
  ['dateUnknown', 'date unknown', 'Datum unbekannt'],
  ['basisStated', 'stated', 'im Text'],
  ['basisCurated', 'curated', 'kuratiert'],
  ['basisInferred', 'inferred', 'erschlossen'],
  ['basisPartial', 'stated without a year', 'ohne Jahr genannt'],
  ['basisBorrowed', 'year from another report', 'Jahr aus einem anderen Bericht'],
  ['basisHelp', 'How the date is known: stated in the article, curated by the editors, or inferred from the text', 'Woher das Datum stammt: im Artikel genannt, redaktionell ermittelt oder aus dem Text erschlossen'],
  ['sourceLabel', 'Source', 'Quelle'],
  ['openSource', 'Open the source article at this passage', 'Quellartikel an dieser Stelle öffnen'],
  ['otherNames', 'Also', 'Auch'],
  ['roleLabel', 'Role', 'Rolle'],
  ['seenRange', 'In the sources from $1 to $2', 'In den Quellen von $1 bis $2'],
  ['stance_asserts', 'Asserted by', 'Behauptet von'],
  ['stance_confirms', 'Confirmed by', 'Bestätigt von'],
  ['stance_disputes', 'Disputed by', 'Bestritten (teilweise) von'],
  ['stance_denies', 'Denied by', 'Dementiert von'],
  ['type_person', 'person', 'Person'],
  ['type_organisation', 'organisation', 'Organisation'],
  ['type_country', 'country', 'Land'],
  ['type_place', 'place', 'Ort'],
  ['type_weapon', 'weapon', 'Waffe'],
  ['type_agreement', 'agreement', 'Abkommen'],
  ['type_event', 'event', 'Ereignis'],
  ['cardMentions', '$1 mentions on this page', '$1 Erwähnungen auf dieser Seite'],
  ['cardHint', 'Click for its backstory', 'Klicken für den Hintergrund'],
  ['cardCounts', 'Before: $1 events, $2 claims on record', 'Vorher: $1 Ereignisse, $2 Behauptungen bekannt'],
  ['cardLoading', 'Looking up what is on record…', 'Suche, was bekannt ist …'],
  ['cardKnowsLittle', 'Backstory knows little about this name yet.', 'Backstory weiß über diesen Namen noch wenig.'],
  ['popupTitle', 'Backstory search', 'Backstory-Suche'],
  ['searchLabel', 'Search people, places, events and claims', 'Personen, Orte, Ereignisse und Behauptungen suchen'],
  ['searchPlaceholder', 'Putin, Schoigu, drones…', 'Putin, Schoigu, Drohnen …'],
  ['noResults', 'Nothing found for “$1”.', 'Nichts gefunden zu „$1“.'],
  ['kind_entity', 'People and places', 'Personen und Orte'],
  ['kind_event', 'Events', 'Ereignisse'],
  ['kind_claim', 'Claims', 'Behauptungen'],
  ['kind_document', 'Articles', 'Artikel'],
  ['dateFrom', 'From', 'Von'],
  ['dateTo', 'To', 'Bis'],
  ['onThisPage', 'On this page', 'Auf dieser Seite'],
  ['mostConnected', 'Most connected', 'Am stärksten vernetzt'],
  ['recentLookups', 'Recent look-ups', 'Zuletzt gesucht'],
  ['back', 'Back', 'Zurück'],
  ['readerTitle', 'Backstory reader', 'Backstory-Leser'],
  ['readerNotFound', 'This article is not in Backstory’s index: $1', 'Dieser Artikel ist nicht im Index von Backstory: $1'],
  ['readerBadOffsets', 'The cited passage ($1–$2) is outside this article; showing the whole article.', 'Die zitierte Stelle ($1–$2) liegt außerhalb dieses Artikels; der ganze Artikel wird gezeigt.'],
  ['readerNoDoc', 'No article chosen. Open the reader from a quote in the sidebar or the popup.', 'Kein Artikel gewählt. Öffnen Sie den Leser über ein Zitat in der Seitenleiste oder im Popup.'],
  ['readerPublished', 'Published', 'Veröffentlicht'],
  ['readerCaption', 'Photo caption', 'Bildunterschrift'],
  ['closeCard', 'Close the card', 'Karte schließen'],
  ['optionsTitle', 'Backstory settings', 'Backstory-Einstellungen'],
  ['optEnabled', 'Highlight names on news pages about Russia and Iran', 'Namen auf Nachrichtenseiten über Russland und Iran hervorheben'],
  ['optTypes', 'Highlight these kinds of names', 'Diese Arten von Namen hervorheben'],
  ['optAutoOpen', 'Open the sidebar by itself on pages about the story', 'Seitenleiste auf passenden Seiten von selbst öffnen'],
  ['optStyle', 'Highlight style', 'Art der Hervorhebung'],
  ['optStyle_background', 'Coloured background', 'Farbiger Hintergrund'],
  ['optStyle_underline', 'Underline', 'Unterstrichen'],
  ['optDensity', 'Which names to highlight', 'Welche Namen hervorgehoben werden'],
  ['optDensity_story', 'The story’s names; common names (Russia, Iran, the United States, …) once per section, underlined', 'Die Namen der Geschichte; häufige Namen (Russland, Iran, die USA …) einmal je Abschnitt, unterstrichen'],
  ['optDensity_first', 'The first mention of every name in each section', 'Die erste Erwähnung jedes Namens in jedem Abschnitt'],
  ['optDensity_all', 'Every mention', 'Jede Erwähnung'],
  ['eventKind_meeting', 'Meeting', 'Treffen'],
  ['eventKind_visit', 'Visit', 'Besuch'],
  ['eventKind_summit', 'Summit', 'Gipfel'],
  ['eventKind_delivery', 'Delivery', 'Lieferung'],
  ['eventKind_exercise', 'Military exercise', 'Militärmanöver'],
  ['eventKind_signing', 'Agreement', 'Abkommen'],
  ['eventKind_invasion', 'Invasion', 'Invasion'],
  ['eventKind_attack', 'Attack', 'Angriff'],
  ['eventKind_announcement', 'Announcement', 'Ankündigung'],
  ['eventKind_sanctions', 'Sanctions', 'Sanktionen'],
  ['optSites', 'Site rules', 'Regeln für Websites'],
  ['optNoSites', 'No site rules yet. Set one from the sidebar or the popup.', 'Noch keine Regeln. Legen Sie eine in der Seitenleiste oder im Popup fest.'],
  ['optRule_never', 'never', 'nie'],
  ['optRule_always', 'always', 'immer'],
  ['optRemove', 'Remove', 'Entfernen'],
  ['optRemoveFor', 'Remove the rule for $1', 'Regel für $1 entfernen'],
  ['optGeneral', 'General', 'Allgemein'],
  ['optSitesHelp', 'To switch Backstory off on one site, open its sidebar or the popup there and choose “Never on this site”. “Always on this site” keeps it on there even when it is switched off everywhere else.', 'Um Backstory auf einer Website auszuschalten, öffnen Sie dort die Seitenleiste oder das Popup und wählen „Nie auf dieser Website“. „Immer auf dieser Website“ lässt es dort an, auch wenn es sonst überall ausgeschaltet ist.'],
  ['siteControls', 'On $1', 'Auf $1'],
  ['siteNever', 'Never on this site', 'Nie auf dieser Website'],
  ['siteAlways', 'Always on this site', 'Immer auf dieser Website'],
  ['allSettings', 'All settings', 'Alle Einstellungen'],
];

const out = { en: {}, de: {} };
for (const [key, en, de] of strings) {
  out.en[key] = { message: en };
  out.de[key] = { message: de };
}
const check = process.argv.includes('--check');
let stale = 0;
for (const lang of ['en', 'de']) {
  const file = `public/_locales/${lang}/messages.json`;
  const content = `${JSON.stringify(out[lang], null, 2)}\n`;
  if (check) {
    if (!existsSync(file) || readFileSync(file, 'utf8') !== content) {
      console.error(`locales --check: ${file} is stale; run node scripts/locales.mjs`);
      stale++;
    }
  } else {
    mkdirSync(`public/_locales/${lang}`, { recursive: true });
    writeFileSync(file, content);
  }
}
if (stale) process.exit(1);
console.log(`locales: ${strings.length} strings in en and de${check ? ' are up to date' : ''}`);
