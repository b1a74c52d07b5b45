// Maps a source's own offence names to the normalised categories: US, Canadian (English and French) and
// UK wordings alike ("break and enter", "theft of vehicle", "mischief", "introduction par effraction",
// "méfait", "criminal damage", "anti-social behaviour"), and German, Spanish, Portuguese and Japanese. A name
// is filed by the offence it names first, its main meaning: "violence and sexual offences" is violence,
// "criminal damage and arson" is damage, "theft from vehicle" is theft. Where two rules match at the same
// place the earlier rule wins, so "theft of vehicle" is vehicle theft and "identity theft" fraud.
import { type Category, isCategory } from './categories.ts';

const RULES: readonly (readonly [Category, RegExp])[] = [
  ['homicide', /\b(homicide|murder|manslaughter|meurtre|entra[iî]nant la mort)/],
  ['sex_offense', /\b(rape|sexual|sex offen[cs]e|sex crime|indecent|agression sexuelle|sexuel)/],
  ['robbery', /\b(robbery|robb|hold ?up|mugging|carjack|vols? qualifi)/],
  ['fraud', /\b(fraud|forgery|counterfeit|deceptive|embezzl|identity theft|swindle)/],
  [
    'burglary',
    /\b(burglary|burg|breaking and entering|break (and|&) enter|b ?& ?e|break[- ]?in|prowl|introduction|effraction|cambriol)/,
  ],
  [
    'vehicle_theft',
    /\b(motor vehicle theft|auto theft|vehicle theft|theft of (a |an )?(motor )?(vehicle|car|auto)|stolen (auto|vehicle|car)|(vehicle|car|auto) stolen|vehicle crime|taking (a )?(motor )?vehicle|mvt|vehst|uuv|vols? (de|d'|d’)\s?(v[ée]hicule|voiture|auto|camion|moto)\w*)/,
  ],
  ['theft', /\b(theft|larceny|shoplift|stolen|stealing|pickpocket|purse snatch|thef|vols?\b)/],
  ['arson', /\b(arson|incendie criminel)/],
  [
    'assault',
    /\b(assault|battery|asslt|fight|stabbing|shooting|shots fired|violen|wounding|offen[cs]es? against (a |the )?person|voies? de fait|agression)/,
  ],
  ['vandalism', /\b(vandal|criminal damage|graffiti|mischief|damage to property|vand|m[ée]fait)/],
  ['weapons', /\b(weapons?|firearms?|guns?|ammunition|armes?)\b/],
  ['drugs', /\b(narcotic|drug|controlled substance|marijuana|cocaine|heroin|opioid|stup[ée]fiant|drogue)/],
  [
    'traffic',
    /\b(accident|collision|traffic|hazard|dui|dwi|driving under (the )?influence|crash|acc(non|inj|hr))/,
  ],
  // German names are compounds (Wohnungseinbruchdiebstahl, Ladendiebstahl, gefährliche Körperverletzung):
  // their stems are found inside words, and the one named first still wins.
  ['homicide', /(mord\b|totschlag|tötung)/],
  ['sex_offense', /(vergewaltigung|sexuell)/],
  ['robbery', /raub/],
  ['fraud', /betrug/],
  ['burglary', /einbruch/],
  [
    'vehicle_theft',
    /((kfz|pkw|fahrzeug|auto|kraftfahrzeug)-?diebstahl|diebstahl (von|eines) (kfz|pkw|fahrzeugen|fahrzeug|kraftfahrzeug))/,
  ],
  ['theft', /diebstahl/],
  ['arson', /brandstiftung/],
  ['assault', /(körperverletzung|koerperverletzung)/],
  ['vandalism', /(sachbeschädigung|sachbeschaedigung)/],
  ['drugs', /(betäubungsmittel|rauschgift|\bbtm)/],
  ['disorder', /(hausfriedensbruch|ruhestörung)/],
  // Spanish (Mexico City's, Spain's): "robo" is any theft, sorted by spanishTheft below; a road crash
  // is found by ROAD_CRASH below.
  ['homicide', /\b(homicidio|feminicidio)/],
  ['sex_offense', /\b(violaci[oó]n|abuso sexual|acoso sexual)/],
  ['fraud', /\bfraude/],
  ['arson', /\bincendio/],
  ['assault', /\b(lesiones|amenazas)/],
  ['vandalism', /\bda[ñn]os? (en|a) (la )?propiedad/],
  ['drugs', /\b(narcomenudeo|narc[oó]ticos?|estupefacientes)/],
  ['weapons', /\b(portaci[oó]n de armas?)/],
  // Portuguese (Brazil's): "furto" and "roubo" are sorted by portugueseTheft below. An attempt on a
  // life (tentativa de homicídio) is an assault, named before the homicide it did not become.
  ['assault', /\b(tentativa de homic|les[ãa]o corporal|agress[ãa]o|amea[çc]a|viol[eê]ncia dom[eé]stica)/],
  ['homicide', /\b(homic[ií]dio|latroc[ií]nio|feminic[ií]dio)/],
  ['sex_offense', /\b(estupro|importuna[çc][ãa]o sexual|ass[ée]dio sexual)/],
  ['fraud', /\bestelionato/],
  ['arson', /\binc[eê]ndio/],
  ['vandalism', /\b(dano|picha[çc][ãa]o)\b/],
  ['drugs', /\b(tr[áa]fico de (entorpecentes|drogas)|entorpecentes?|porte de drogas?)/],
  ['weapons', /\b(porte ilegal de arma|posse ilegal de arma|armas? de fogo)/],
  ['disorder', /\bperturba[çc][ãa]o/],
  // Japanese: no spaces between words, so stems are found inside names; a robbery that kills (強盗殺人)
  // is a homicide, named before the robbery; 盗 (to steal) alone is a theft.
  ['homicide', /(強盗殺人|殺人)/],
  ['sex_offense', /(強制性交|不同意性交|強姦|強制わいせつ|不同意わいせつ|痴漢)/],
  ['robbery', /強盗/],
  ['fraud', /詐欺/],
  ['burglary', /(侵入窃盗|侵入盗|空き巣|空巣|忍込み|忍び込み|居空き|事務所荒し|出店荒し|金庫破り)/],
  ['vehicle_theft', /(自動車盗|オートバイ盗|バイク盗|原付盗)/],
  ['theft', /(盗|万引|ねらい|狙い|置引|ひったくり|^すり$)/],
  ['arson', /放火/],
  ['assault', /(暴行|傷害)/],
  ['vandalism', /(器物損壊|器物破損|落書き)/],
  ['drugs', /(覚醒剤|覚せい剤|大麻|麻薬)/],
  ['weapons', /(銃刀法|銃砲刀剣)/],
  ['disorder', /住居侵入/],
  [
    'disorder',
    /\b(disorder|disturb|noise|public peace|public order|anti[- ]?social|trespass|liquor|loiter|unwanted|prostitut|gambling)/,
  ],
];

/** The rule that names its offence first in the text (ties to the earlier rule). */
function firstNamed(text: string): Category | undefined {
  let best: Category | undefined;
  let at = Number.POSITIVE_INFINITY;
  for (const [category, pattern] of RULES) {
    const m = pattern.exec(text);
    if (m && m.index < at) {
      best = category;
      at = m.index;
    }
  }
  return best;
}

/**
 * A road crash, in Spanish or Portuguese, is traffic wherever the words fall, also where it injured or
 * killed ("lesiones culposas por tránsito vehicular", Mexico City's; Buenos Aires's "siniestro vial";
 * São Paulo's "lesão corporal culposa na direção de veículo automotor").
 */
const ROAD_CRASH =
  /\b(siniestros? vial(es)?|accidentes? (de tr[aá]nsito|de tr[aá]fico|vial(es)?)|hechos? de tr[aá]nsito|tr[aá]nsito vehicular|acidentes? de tr[âa]nsito|na dire[çc][ãa]o de ve[íi]culo)/;

/**
 * "Robo" and "hurto" name any theft: with violence, intimidation or a weapon it is a robbery, by force (Spain's
 * "robo con fuerza en domicilios", a break-in) or from a home a burglary, of a vehicle a vehicle theft,
 * else a theft ("robo de objetos del interior de un vehículo" included).
 */
function spanishTheft(text: string): Category | undefined {
  if (/\bsustracci[oó]n de veh[ií]culos?/.test(text)) return 'vehicle_theft';
  const robo = /\b(rob(o|os)|hurtos?)\b/.exec(text);
  if (!robo) return undefined;
  const before = firstNamed(text.slice(0, robo.index));
  if (before) return before;
  // With a weapon ("robo con arma", "a mano armada", "robo armado") it is a robbery too.
  if (
    /\bcon (violencia|intimidaci[oó]n|armas?( de fuego| blanca)?)\b|\ba mano armada|\b(robo|asalto) armado/.test(
      text,
    )
  )
    return 'robbery';
  if (/\bcon fuerza|casa habitaci[oó]n|domicilio|vivienda/.test(text)) return 'burglary';
  if (
    /\b(rob(o|os)|hurtos?) ((de|a) )?(veh[ií]culos?|automotor(es)?|autom[oó]vil|autos?|motocicletas?|motos?|coches?|cami[oó]n|camionetas?)\b/.test(
      text,
    )
  )
    return 'vehicle_theft';
  return 'theft';
}

/**
 * "Furto" is a theft without violence, "roubo" one with it: a robbery, a vehicle's included (a
 * carjacking), as English "carjacking" is; one that kills (seguido de morte) is a homicide. A furto
 * from a home or by breaking in is a burglary, of a vehicle a vehicle theft, else a theft.
 */
function portugueseTheft(text: string): Category | undefined {
  const theft = /\b(furto|roubo|furti)s?\b/.exec(text);
  if (!theft) return undefined;
  const before = firstNamed(text.slice(0, theft.index));
  if (before) return before;
  if (theft[1] === 'roubo') return /\bseguido de morte/.test(text) ? 'homicide' : 'robbery';
  // Italian's "furto" is a theft too: "furto in abitazione" a burglary, "furto di veicoli".
  if (/\b(resid[eê]ncia|domic[ií]lio|casa|arrombamento|abitazion)/.test(text)) return 'burglary';
  const vehicle =
    /\bfurt[oi]s? (de |di |a |d')?(ve[ií]c[uo]l[oi]s?|autom[oó]vel|autos?|motos?|motocicl\w*|carros?|caminh[ãa]o)\b/;
  if (vehicle.test(text)) return 'vehicle_theft';
  return 'theft';
}

/**
 * A vehicle "burglarized" (Texas's "burglary of vehicle", Oakland's "BURG - AUTO", Dallas's "BMV") is a
 * theft from it, as the FBI counts it: a vehicle is no building, and a burglary list that sends units to
 * car parks is not one of homes and shops. The LAPD, Austin and Dallas profiles file it so too.
 */
const VEHICLE_BURGLARY =
  /\b((burglary|burg|break[- ]?in|breaking and entering)\W+((of|from|to|on|in) (a |the )?)?(motor )?(vehicle|auto|automobile|car|veh)s?\b(?!\W+(stolen|theft|taken))|(motor vehicle|vehicle|auto|car) (burglary|break[- ]?in)|bmv\b)/;

/** The category for an offence name, or 'other'. A name that already is a category is kept. */
/** Words joined by hyphens, three or more: not a compound such as Kfz-Diebstahl. */
const SLUG = /^[a-z0-9]+(-[a-z0-9]+){2,}$/;

export function classify(...names: (string | null | undefined)[]): Category {
  for (const name of names) {
    if (!name) continue;
    let text = name.toLowerCase().replaceAll('_', ' ');
    // A name written as a slug (Denver's "theft-of-motor-vehicle") reads as its words.
    if (SLUG.test(text)) text = text.replaceAll('-', ' ');
    const exact = text.trim().replaceAll(' ', '_');
    if (isCategory(exact)) return exact;
    // "Sin violencia" (without violence) names none.
    const found =
      (ROAD_CRASH.test(text) ? 'traffic' : undefined) ??
      (VEHICLE_BURGLARY.test(text) ? 'theft' : undefined) ??
      spanishTheft(text) ??
      portugueseTheft(text) ??
      firstNamed(text.replaceAll('sin violencia', ''));
    if (found) return found;
  }
  return 'other';
}
