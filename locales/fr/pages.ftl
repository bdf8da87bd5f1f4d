# pages : le tableau de bord, la liste des engagements, acteurs, thèmes et événements, montants, erreurs.

dash-heading = Ce qui a été promis, ce qui a bougé, ce qui est en retard
dash-intro = Au { $today } : { $total ->
    [one] { $total } engagement suivi
   *[other] { $total } engagements suivis
  }. { $unverified } sur { $total } ne reposent que sur des sources non vérifiées ; { $contested ->
    [0] aucun n'est contesté
    [one] { $contested } est contesté
   *[other] { $contested } sont contestés
  }.
dash-delivery = État de réalisation
dash-delivery-chart = Engagements par état de réalisation
dash-delivery-desc = Nombre d'engagements dans chaque état de réalisation, sur l'ensemble des engagements.
dash-schedule = Calendrier
dash-schedule-chart = Engagements par situation au regard de l'échéance
dash-schedule-desc = Nombre d'engagements selon leur situation au regard de leur échéance.
dash-strength = Force de l'engagement
dash-strength-chart = Engagements par force
dash-strength-desc = Nombre d'engagements selon leur caractère plus ou moins contraignant.
chart-bar = { $label } : { $count } sur { $total }.
dash-money = Montants par étape ({ $currency })
dash-money-note = Convertis au taux de référence de la BCE à la date de valeur de chaque chiffre. Un engagement parent est compté soit par son propre chiffre, soit par ceux de ses sous-engagements, jamais les deux ; quand les sources divergent, le total est une fourchette.
dash-money-link = Voir chaque chiffre tel que sa source l'indique
dash-money-chart = Montants par étape en { $currency }
dash-money-row = { $stage } : { $total } pour { $n ->
    [one] { $n } engagement
   *[other] { $n } engagements
  }.
money-exact-range = de { $min } à { $max }
dash-unconverted = ({ $n ->
    [one] { $n } chiffre sans taux
   *[other] { $n } chiffres sans taux
  })
dash-rates = Taux :
dash-progress = Avancement
dash-progress-count = en nombre : l'avancement moyen des { $total } engagements, ceux dont aucun avancement n'est enregistré comptant pour 0.
dash-progress-money = en montant : pondéré par le montant annoncé de { $n } engagements ({ $basis } annoncés).
dash-due = échéance le { $date }
dash-all-overdue = Tous les engagements en retard
dash-none-overdue = Aucun engagement n'est en retard.
dash-due-soon = Échéance dans les 30 jours
dash-none-due-soon = Aucune échéance dans les 30 prochains jours.
dash-stale = Sans nouvelles : aucun suivi depuis 90 jours
dash-stale-count = { $n } engagements ouverts sur { $total }.
dash-last-news = dernières nouvelles le { $date }
dash-by-themes = Par thème
dash-by-actors = Par acteur (les plus engagés)
dash-actors-col = Acteurs (les plus engagés)
dash-by-events = Par événement
dash-latest = Derniers suivis
dash-follow-all = Suivre tous les engagements par courriel
dash-follow-all-after =  : un récapitulatif quotidien ou hebdomadaire quand quelque chose change.
dash-contribute = Envoyer une preuve, une correction ou un engagement manquant
dash-contribute-after =  : sans compte ; un membre de la rédaction vérifie d'abord.
dash-no-follow-up = Aucun suivi n'a encore été enregistré.

links-none = Aucun engagement ne repose uniquement sur des preuves dont le lien a disparu ou a changé depuis qu'il a été cité.
links-at-risk = { $n ->
    [one] engagement repose
   *[other] engagements reposent
  } uniquement sur des preuves dont le lien a disparu ou a changé depuis qu'il a été cité :

list-add = Ajouter un engagement
list-filter = Filtrer les engagements
list-words = Mots
list-actor = Acteur
list-actor-placeholder = identifiant de l'acteur
list-delivery = Réalisation
list-strength = Force
list-schedule = Calendrier
list-theme = Thème
list-kind = Type
list-event = Événement
list-any = Tous
list-sort = Tri
list-apply = Appliquer
list-clear = Effacer
list-count = { $n ->
    [one] { $n } engagement correspond
   *[other] { $n } engagements correspondent
  } ; page { $page } sur { $pages }.
list-pages = Pages
list-prev = ← Précédente
list-next = Suivante →
list-page = Page { $page } sur { $pages }

group-kind-actors = acteurs
group-kind-themes = thèmes
group-kind-events = événements
group-feed-title = Suivis : { $name }
group-correct = Corriger
group-count = { $n ->
    [one] { $n } engagement.
   *[other] { $n } engagements.
  }
group-atom = Flux Atom
group-showing = { $shown } engagements affichés sur { $total } ; la liste complète est à l'adresse { $link }.
group-members = Membres : { $names }.
group-date-unknown = Date encore inconnue
group-date-range = du { $start } au { $end }
group-theme = Thème
index-add = Ajouter

money-title = Montants tels qu'indiqués
money-heading = Chaque montant tel que sa source l'indique
money-intro = Montants et devises d'origine, avec leur conversion en { $currency } au taux de référence de la BCE à la date de valeur. Deux sources en désaccord font deux lignes.
money-aims = Objectifs de levée de fonds
money-aims-total = , totalisés à part des montants annoncés et jamais comptés avec eux : { $amount } ({ $currency }, convertis), les objectifs de
money-truncated = Les { $n } premiers chiffres sont affichés ; l'export CSV les contient tous.

error-back = Retour au tableau de bord
error-all-pledges = Tous les engagements
error-not-found-message = Rien n'a été trouvé à cette adresse.
error-bad-field = La valeur donnée pour « { $field } » ne peut pas être utilisée.


# La page des données.
data-title = Données et API
data-heading = Données, API et flux
data-about = À propos des données
data-about-text = Les engagements fournis avec pledgewatch, et leurs suivis, ont été vérifiés pour la dernière fois le 3 décembre 2026. Chaque chiffre, date et état provient d'une page citée à côté : un document ou une déclaration officiels quand il en existe, à défaut des articles de presse. Quand les sources divergent, chaque chiffre est présenté avec sa propre source et aucun n'est moyenné ; un objectif de levée de fonds est présenté comme un objectif, à part des montants annoncés. Un engagement dont la seule source est secondaire est signalé comme non vérifié, et un état n'évolue que dans la mesure de ce que disent les preuves citées. Quand rien n'a pu être trouvé, l'engagement reste « pas encore évalué ».
data-corrections = Corrections :
data-corrections-text = chaque page d'engagement liste ses sources. Si un fait est faux, manquant ou dépassé, signalez-le à la rédaction de ce site, avec l'adresse d'une page qui l'établit ; les corrections sont enregistrées comme telles, ancienne et nouvelle valeur côte à côte, dans le journal des modifications ci-dessous.
data-citing = Citer :
data-citing-text = indiquez le site, l'adresse de la page, le jour de votre lecture et la tête du journal des modifications affichée ci-dessous, par exemple :
data-citing-example = pledgewatch, « France: €109 billion of AI investment », consulté le 3 décembre 2026, journal des modifications à l'entrée { $head }
data-citing-after = . La tête permet à chacun de vérifier plus tard que la fiche citée n'a pas été réécrite.
data-licence = Licence :
data-licence-before = les données (engagements, suivis, acteurs, événements et notes sur les sources) sont publiées sous la licence
data-licence-after = (CC BY 4.0) : réutilisez-les librement en citant la source. Les propos cités et les pages liées appartiennent à leurs éditeurs. Le logiciel pledgewatch est sous une licence distincte, la GNU AGPL 3.0 ou ultérieure ; son
data-licence-end = est public.
data-api = API JSON (version 1)
data-api-openapi = La description OpenAPI 3.1 se trouve à l'adresse
data-api-filters = Les listes acceptent les mêmes filtres que la page de la liste des engagements
data-api-filters-after = {" "}; un filtre peut être répété ou prendre des valeurs séparées par des virgules.
data-and = et
data-semicolon = {" "};
data-follow-ups-newest = les plus récents d'abord ;
data-follow-ups-after = reprend sous un identifiant : suivez le lien
data-follow-ups-or = ou l'en-tête
data-follow-ups-end = {""}
data-link-header = Les listes paginées envoient un en-tête
data-header-after = {""}
data-problems = Les erreurs sont des « problem details »
data-problems-with = avec
data-problems-field = et, quand un paramètre est en cause, son nom dans
data-cors = L'API, les exports et les flux peuvent être lus par des scripts depuis n'importe quel site (CORS, GET et HEAD, sans identifiants).
data-log = Chaque modification, vérifiable
data-log-text = Chaque modification de la fiche publique (un engagement ajouté, corrigé, supprimé ou restauré, un suivi, un acteur ou un événement ajouté ou corrigé) est une entrée d'un journal où l'on ne peut qu'ajouter. Chaque entrée porte l'empreinte SHA-256 de son propre contenu et de l'entrée précédente : modifier ou retirer une entrée passée change toutes les empreintes qui la suivent.
data-log-head = Le journal se termine à l'entrée { $seq }, d'empreinte
data-log-header = Chaque réponse de l'API porte la même tête dans son en-tête
data-log-keep = Gardez une tête que vous avez vue : plus tard, chacun pourra vérifier que le journal y mène toujours.
data-log-api = le journal, les plus anciennes d'abord
data-log-follow = suivez
data-log-feed = Les dernières modifications (Atom)
data-hash = L'empreinte de l'entrée n est le SHA-256, en hexadécimal minuscule, de ces neuf lignes jointes par un saut de ligne, sans saut de ligne final :
data-hash-seq = le numéro d'ordre
data-hash-body = (tel quel)
data-hash-end = , et l'empreinte de l'entrée précédente (64 zéros pour la première). Le README de pledgewatch montre la vérification en quelques lignes de Python.
data-exports = Exports
data-export-pledges = Engagements (CSV)
data-export-pledges-text = une ligne par engagement, avec les colonnes que lit l'import. Accepte les filtres de la liste.
data-export-follow-ups = Suivis (CSV)
data-export-follow-ups-text = chaque suivi avec ses changements et ses preuves.
data-excel = Pour un tableur en français (ou dans une autre langue dont le séparateur décimal est la virgule), ajoutez
data-excel-text = {" "}: cellules séparées par des points-virgules, avec une marque d'ordre des octets UTF-8, par exemple
data-excel-link = les engagements pour Excel en français
data-excel-import = L'import lit les deux formes.
data-csv-rules = Les fichiers CSV suivent la RFC 4180 ; une cellule qui commencerait une formule de tableur (=, +, -, @, tabulation, retour chariot) est précédée d'une apostrophe.
data-feeds = Flux
data-feeds-all = Tous les suivis (Atom)
data-feeds-per = {" "}; par engagement, acteur et thème à
data-feeds-deadlines = Échéances (iCalendar)
data-tags = Les flux et leurs entrées sont identifiés par des URI
data-tags-example = (par exemple
data-tags-end = , qui ne changent pas si le site déménage.
