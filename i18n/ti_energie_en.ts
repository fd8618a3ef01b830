<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en" sourcelanguage="fr">
<context>
    <name>TiEnergie</name>
    <message>
        <source>Panneau TI Énergie</source>
        <translation>TI Énergie panel</translation>
    </message>
    <message>
        <source>Afficher ou masquer le panneau TI Énergie</source>
        <translation>Show or hide the TI Énergie panel</translation>
    </message>
    <message>
        <source>Paramètres…</source>
        <translation>Settings…</translation>
    </message>
    <message>
        <source>Ouvrir les paramètres de TI Énergie (Options de QGIS)</source>
        <translation>Open the TI Énergie settings (QGIS Options)</translation>
    </message>
    <message>
        <source>Aide</source>
        <translation>Help</translation>
    </message>
    <message>
        <source>Ouvrir la documentation de TI Énergie</source>
        <translation>Open the TI Énergie documentation</translation>
    </message>
    <message>
        <source>TI Énergie</source>
        <translation>TI Énergie</translation>
    </message>
    <message>
        <source>Rechercher un territoire…</source>
        <translation>Search a territory…</translation>
    </message>
    <message>
        <source>Filtre sur le nom officiel ou court ou sur l'identifiant ANCT (sans tenir compte des accents ni des majuscules)</source>
        <translation>Filters on the official or short name or on the ANCT id (ignoring accents and case)</translation>
    </message>
    <message>
        <source>Thèmes</source>
        <translation>Themes</translation>
    </message>
    <message>
        <source>Charger</source>
        <translation>Load</translation>
    </message>
    <message>
        <source>Charger les couches du territoire sélectionné dans le projet</source>
        <translation>Load the layers of the selected territory into the project</translation>
    </message>
    <message>
        <source>Annuler</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <source>Choisissez un territoire puis cliquez sur « Charger ».</source>
        <translation>Choose a territory, then click “Load”.</translation>
    </message>
    <message>
        <source>Territoire d'industrie</source>
        <translation>Industrial territory (Territoire d’industrie)</translation>
    </message>
    <message>
        <source>Annulation en cours…</source>
        <translation>Cancelling…</translation>
    </message>
    <message>
        <source>Emprise du territoire vide : pas de zoom.</source>
        <translation>Empty territory extent: no zoom.</translation>
    </message>
    <message>
        <source>Choisissez d'abord un territoire dans la liste.</source>
        <translation>First choose a territory in the list.</translation>
    </message>
    <message>
        <source>Chargement de {territory}…</source>
        <translation>Loading {territory}…</translation>
    </message>
    <message>
        <source>Chargement annulé.</source>
        <translation>Loading cancelled.</translation>
    </message>
    <message>
        <source>{count} couches chargées pour {territory}</source>
        <translation>{count} layers loaded for {territory}</translation>
    </message>
    <message>
        <source>Avertissements :</source>
        <translation>Warnings:</translation>
    </message>
    <message>
        <source>Cache</source>
        <translation>Cache</translation>
    </message>
    <message>
        <source>Dossier du cache TI Énergie</source>
        <translation>TI Énergie cache folder</translation>
    </message>
    <message>
        <source>Dossier du cache</source>
        <translation>Cache folder</translation>
    </message>
    <message>
        <source>Vider le cache</source>
        <translation>Empty the cache</translation>
    </message>
    <message>
        <source>Supprime les réponses des sources et les territoires chargés enregistrés par TI Énergie dans son dossier de cache (rien d'autre)</source>
        <translation>Deletes the source answers and loaded territories that TI Énergie saved in its cache folder (nothing else)</translation>
    </message>
    <message>
        <source>Catalogue des sources</source>
        <translation>Source catalogue</translation>
    </message>
    <message>
        <source>Catalogue YAML (*.yaml *.yml)</source>
        <translation>YAML catalogue (*.yaml *.yml)</translation>
    </message>
    <message>
        <source>Catalogue utilisateur (YAML)</source>
        <translation>User catalogue (YAML)</translation>
    </message>
    <message>
        <source>Adresses des sources (vide = adresse par défaut)</source>
        <translation>Source endpoints (empty = default address)</translation>
    </message>
    <message>
        <source>Réseau</source>
        <translation>Network</translation>
    </message>
    <message>
        <source>Délai d'attente par requête</source>
        <translation>Timeout per request</translation>
    </message>
    <message>
        <source>Cache vidé ({folder}).</source>
        <translation>Cache emptied ({folder}).</translation>
    </message>
    <message>
        <source>Source « {source} » ({key}) : adresse HTTPS à utiliser à la place de l'adresse par défaut</source>
        <translation>Source “{source}” ({key}): HTTPS address to use instead of the default one</translation>
    </message>
    <message>
        <source>La variable d'environnement {variable} est définie ({value}) : elle a priorité sur ce réglage.</source>
        <translation>The environment variable {variable} is set ({value}): it takes precedence over this setting.</translation>
    </message>
    <message>
        <source>Impossible de vider le cache ({folder}) : {error}</source>
        <translation>Cannot empty the cache ({folder}): {error}</translation>
    </message>
    <message>
        <source>Erreur inattendue pendant le chargement du territoire ; le détail est dans le journal des messages (onglet « TI Énergie »).</source>
        <translation>Unexpected error while loading the territory; details are in the message log (“TI Énergie” tab).</translation>
    </message>
    <message>
        <source>TI Énergie – chargement de {territory}</source>
        <translation>TI Énergie – loading {territory}</translation>
    </message>
    <message>
        <source>{description} (annulé)</source>
        <translation>{description} (cancelled)</translation>
    </message>
    <message>
        <source>Consommateurs</source>
        <translation>Consumers</translation>
    </message>
    <message>
        <source>Producteurs</source>
        <translation>Producers</translation>
    </message>
    <message>
        <source>Réseaux et friches</source>
        <translation>Networks and brownfields</translation>
    </message>
    <message>
        <source>Chaleur valorisable</source>
        <translation>Recoverable heat</translation>
    </message>
    <message>
        <source>Économie</source>
        <translation>Economy</translation>
    </message>
    <message>
        <source>Consommateurs d'énergie par secteur et par taille (gaz et électricité, SDES)</source>
        <translation>Energy consumers by sector and size (gas and electricity, SDES)</translation>
    </message>
    <message>
        <source>Producteurs d'énergie par type (électricité, injection de biométhane, méthanisation)</source>
        <translation>Energy producers by type (electricity, biomethane injection, anaerobic digestion)</translation>
    </message>
    <message>
        <source>Réseaux électriques, gaz, chaleur, hydrogène, fluvial, routier et friches de plus de 1 ha</source>
        <translation>Electricity, gas, heat, hydrogen, waterway and road networks, and brownfields over 1 ha</translation>
    </message>
    <message>
        <source>Gisements de chaleur fatale, stations d'épuration, ressources géothermiques</source>
        <translation>Waste-heat sources, wastewater treatment plants, geothermal resources</translation>
    </message>
    <message>
        <source>Établissements et effectifs salariés par secteur et tranche d'effectifs (INSEE)</source>
        <translation>Establishments and employees by sector and size band (INSEE)</translation>
    </message>
    <message>
        <source>Charger un Territoire d'industrie</source>
        <translation>Load an industrial territory (Territoire d’industrie)</translation>
    </message>
    <message>
        <source>Territoires</source>
        <translation>Territories</translation>
    </message>
    <message>
        <source>Territoire (identifiant ANCT ou nom)</source>
        <translation>Territory (ANCT id or name)</translation>
    </message>
    <message>
        <source>GeoPackage de sortie</source>
        <translation>Output GeoPackage</translation>
    </message>
    <message>
        <source>Nombre de couches écrites</source>
        <translation>Number of layers written</translation>
    </message>
    <message>
        <source>Avertissements</source>
        <translation>Warnings</translation>
    </message>
    <message>
        <source>Territoire : {} ({}), {} EPCI</source>
        <translation>Territory: {} ({}), {} EPCI</translation>
    </message>
    <message>
        <source>Écrit dans un GeoPackage les couches d'un Territoire d'industrie : contour, EPCI et communes (code INSEE, nom, population), construits depuis l'API Découpage administratif, puis les couches des thèmes choisis, avec une table « sources » (source, licence, date de chaque couche).

TERRITORY : identifiant ANCT ou nom (officiel ou court) du territoire. Territoires connus : </source>
        <translation>Writes the layers of an industrial territory into a GeoPackage: outline, EPCI and communes (INSEE code, name, population), built from the French administrative boundaries API, then the layers of the chosen themes, with a “sources” table (source, licence and date of each layer).

TERRITORY: ANCT id or name (official or short) of the territory. Known territories: </translation>
    </message>
    <message>
        <source>Fichier YAML facultatif qui ajoute ou remplace des sources, avec la même structure que le catalogue intégré (layers/sources.yaml).</source>
        <translation>Optional YAML file that adds or replaces sources, with the same structure as the built-in catalogue (layers/sources.yaml).</translation>
    </message>
    <message>
        <source>Actualiser la liste</source>
        <translation>Update list</translation>
    </message>
    <message>
        <source>Télécharger la liste à jour des Territoires d'industrie (données ouvertes de l'ANCT, toute la France)</source>
        <translation>Download the current list of industrial territories (ANCT open data, all of France)</translation>
    </message>
    <message>
        <source>TI Énergie – actualisation de la liste des territoires</source>
        <translation>TI Énergie – updating the territory list</translation>
    </message>
    <message>
        <source>Actualisation de la liste des territoires…</source>
        <translation>Updating the territory list…</translation>
    </message>
    <message>
        <source>Actualisation impossible : {error}</source>
        <translation>Update failed: {error}</translation>
    </message>
    <message>
        <source>La liste précédente est conservée.</source>
        <translation>The previous list is kept.</translation>
    </message>
    <message>
        <source>Liste actualisée : {count} territoires (ANCT).</source>
        <translation>List updated: {count} territories (ANCT).</translation>
    </message>
</context>
</TS>
