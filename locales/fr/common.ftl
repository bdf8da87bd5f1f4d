# La mise en page de toutes les pages, et les mots que plusieurs pages partagent.

site-feed-all = Tous les suivis
skip-to-content = Aller au contenu
nav-main = Navigation principale
nav-dashboard = Tableau de bord
nav-pledges = Engagements
nav-actors = Acteurs
nav-themes = Thèmes
nav-events = Événements
nav-money = Montants
nav-data = Données et API
nav-editors = Rédaction
nav-language = Langue
footer-about = pledgewatch suit les engagements publics en matière de politique de l'IA, de leur annonce à leur réalisation. Chaque chiffre cite sa source ; les totaux convertis utilisent les taux de référence de l'euro publiés par la Banque centrale européenne à la date de valeur de chaque chiffre.
footer-licence = Logiciel libre sous licence
footer-source = code source
