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
        <source>Téléchargement : {}</source>
        <translation>Downloading: {}</translation>
    </message>
    <message>
        <source>en attente du périmètre : {}</source>
        <translation>waiting for the perimeter: {}</translation>
    </message>
    <message>
        <source>Des chargements tournent encore : leurs fils s'arrêteront avec QGIS.</source>
        <translation>Loads are still running: their threads will stop with QGIS.</translation>
    </message>
    <message>
        <source>En attente du périmètre : {}</source>
        <translation>Waiting for the perimeter: {}</translation>
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

BACKGROUND : ajoute le fond de plan IGN « Plan IGN » (WMTS de la Géoplateforme, affiché sous chaque carte, rien n'est téléchargé dans le GeoPackage) ; sans réseau, il est signalé en échec et le reste se charge.

TERRITORY : identifiant ANCT ou nom (officiel ou court) du territoire. Territoires connus : </source>
        <translation>Writes the layers of an industrial territory into a GeoPackage: outline, EPCI and communes (INSEE code, name, population), built from the French administrative boundaries API, then the layers of the chosen themes, with a “sources” table (source, licence and date of each layer).

BACKGROUND: adds the IGN “Plan IGN” background map (WMTS of the Géoplateforme, drawn under every map, nothing downloaded into the GeoPackage); without a network it is reported as failed and the rest loads.

TERRITORY: ANCT id or name (official or short) of the territory. Known territories: </translation>
    </message>
    <message>
        <source>Cartes de la fiche</source>
        <translation>Maps of the fiche</translation>
    </message>
    <message>
        <source>Afficher la carte « {name} » (thème de carte du projet)</source>
        <translation>Show the map “{name}” (map theme of the project)</translation>
    </message>
    <message>
        <source>Carte « {name} » absente du projet : chargez un territoire avec ses thèmes.</source>
        <translation>Map “{name}” not in the project: load a territory with its themes.</translation>
    </message>
    <message>
        <source>Mise en page</source>
        <translation>Print layout</translation>
    </message>
    <message>
        <source>Créer la mise en page « {name} » (A4 paysage : légende, sources, échelle) et l'ouvrir</source>
        <translation>Create the print layout “{name}” (A4 landscape: legend, sources, scale) and open it</translation>
    </message>
    <message>
        <source>Mise en page « {name} » créée (Projet &gt; Mises en page).</source>
        <translation>Print layout “{name}” created (Project &gt; Layouts).</translation>
    </message>
    <message>
        <source>La carte « {name} » n'est pas dans le projet.</source>
        <translation>The map “{name}” is not in the project.</translation>
    </message>
    <message>
        <source>Fond de plan IGN</source>
        <translation>IGN background map</translation>
    </message>
    <message>
        <source>Ajoute sous chaque carte le « Plan IGN » de la Géoplateforme de l'IGN (service WMTS, Licence Ouverte 2.0) : il s'affiche en ligne, rien n'est enregistré dans le GeoPackage. Sans réseau, il est signalé en échec dans l'état des sources et le reste se charge.</source>
        <translation>Adds the IGN Géoplateforme “Plan IGN” under every map (WMTS service, Licence Ouverte 2.0): it is displayed online, nothing is saved in the GeoPackage. Without a network it is reported as failed in the state of the sources and the rest loads.</translation>
    </message>
    <message>
        <source>Fond de plan IGN (Plan IGN, WMTS)</source>
        <translation>IGN background map (Plan IGN, WMTS)</translation>
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
    <message>
        <source>&lt;identifiant&gt;.gpkg</source>
        <translation>&lt;identifier&gt;.gpkg</translation>
    </message>
    <message>
        <source>Aucune source de données n'est encore branchée pour ce thème : il ne peut pas être chargé pour l'instant.</source>
        <translation>No data source is wired to this theme yet: it cannot be loaded for now.</translation>
    </message>
    <message>
        <source>Avertissement : {text}</source>
        <translation>Warning: {text}</translation>
    </message>
    <message>
        <source>Avertissements du dernier chargement (texte sélectionnable)</source>
        <translation>Warnings of the last load (selectable text)</translation>
    </message>
    <message>
        <source>Cache : {count} anciens GeoPackages de {territory} supprimés.</source>
        <translation>Cache: {count} older GeoPackages of {territory} removed.</translation>
    </message>
    <message>
        <source>Cache vidé ({folder}) : {count} fichiers supprimés.</source>
        <translation>Cache emptied ({folder}): {count} files removed.</translation>
    </message>
    <message>
        <source>Ces fichiers sont lus par des couches du projet ouvert et seront conservés :</source>
        <translation>These files are read by layers of the open project and will be kept:</translation>
    </message>
    <message>
        <source>Choisissez un dossier (il vous sera demandé au chargement).</source>
        <translation>Choose a folder (you will be asked when loading).</translation>
    </message>
    <message>
        <source>Conservés car utilisés par le projet ouvert :</source>
        <translation>Kept because the open project uses them:</translation>
    </message>
    <message>
        <source>Copier</source>
        <translation>Copy</translation>
    </message>
    <message>
        <source>Copier l'état des sources et les avertissements dans le presse-papiers</source>
        <translation>Copy the state of the sources and the warnings to the clipboard</translation>
    </message>
    <message>
        <source>Copier le rapport</source>
        <translation>Copy the report</translation>
    </message>
    <message>
        <source>Couche chargée depuis une réponse à jour de la source.</source>
        <translation>Layer loaded from an up-to-date answer of the source.</translation>
    </message>
    <message>
        <source>Couche chargée, mais des parties manquent (pages ou communes sans réponse).</source>
        <translation>Layer loaded, but parts are missing (pages or municipalities without an answer).</translation>
    </message>
    <message>
        <source>Couche non chargée.</source>
        <translation>Layer not loaded.</translation>
    </message>
    <message>
        <source>Données : {path}</source>
        <translation>Data: {path}</translation>
    </message>
    <message>
        <source>Dossier des GeoPackages en mode « dans un dossier choisi », et pour un projet pas encore enregistré</source>
        <translation>Folder of the GeoPackages in “in a chosen folder” mode, and for a project not saved yet</translation>
    </message>
    <message>
        <source>Dossier du cache inutilisable ({folder}) : {error}</source>
        <translation>Cache folder unusable ({folder}): {error}</translation>
    </message>
    <message>
        <source>Dossier où enregistrer les données des territoires</source>
        <translation>Folder where the territories’ data are saved</translation>
    </message>
    <message>
        <source>Enregistrement des données</source>
        <translation>Saving the data</translation>
    </message>
    <message>
        <source>Enregistrer les données :</source>
        <translation>Save the data:</translation>
    </message>
    <message>
        <source>Fichier : {path}</source>
        <translation>File: {path}</translation>
    </message>
    <message>
        <source>Fichiers temporaires du cache : « Vider le cache » les supprime, un projet enregistré qui les utilise ne les retrouverait plus.</source>
        <translation>Temporary files of the cache: “Empty the cache” removes them, and a saved project using them would no longer find them.</translation>
    </message>
    <message>
        <source>Impossible d'enregistrer {path} : {error}</source>
        <translation>Cannot save {path}: {error}</translation>
    </message>
    <message>
        <source>Impossible de créer le dossier {folder} : {error}. Choisissez un autre emplacement pour les données.</source>
        <translation>Cannot create the folder {folder}: {error}. Choose another location for the data.</translation>
    </message>
    <message>
        <source>Impossible de lire le cache ({folder}) : {error}</source>
        <translation>Cannot read the cache ({folder}): {error}</translation>
    </message>
    <message>
        <source>L'extension n'a pas pu démarrer ({error}) ; le détail est dans le journal des messages (onglet « TI Énergie »).</source>
        <translation>The plugin could not start ({error}); the details are in the message log (“TI Énergie” tab).</translation>
    </message>
    <message>
        <source>La source n'a pas répondu : une copie plus ancienne, gardée en cache, a été utilisée.</source>
        <translation>The source did not answer: an older copy kept in the cache was used.</translation>
    </message>
    <message>
        <source>La source ne connaît aucune entité sur ce territoire.</source>
        <translation>The source has no feature in this territory.</translation>
    </message>
    <message>
        <source>Le cache est déjà vide ({folder}).</source>
        <translation>The cache is already empty ({folder}).</translation>
    </message>
    <message>
        <source>Liste des territoires enregistrée illisible dans le dossier du cache ({folder}) : {error}. Liste intégrée utilisée.</source>
        <translation>Saved territory list unreadable in the cache folder ({folder}): {error}. Built-in list used.</translation>
    </message>
    <message>
        <source>Liste intégrée des territoires utilisée.</source>
        <translation>Built-in territory list used.</translation>
    </message>
    <message>
        <source>Nettoyage du cache impossible : {error}</source>
        <translation>Cache clean-up impossible: {error}</translation>
    </message>
    <message>
        <source>Où écrire le GeoPackage du territoire :
• à côté du projet : dossier « &lt;nom du projet&gt;_ti_energie » près du fichier du projet ; le projet enregistré garde ses couches même si le cache est vidé ;
• dans un dossier choisi : &lt;dossier&gt;/&lt;identifiant du territoire&gt;.gpkg ;
• dans le cache : fichiers temporaires, supprimés par « Vider le cache ».</source>
        <translation>Where to write the territory’s GeoPackage:
• next to the project: folder “&lt;project name&gt;_ti_energie” beside the project file; the saved project keeps its layers even when the cache is emptied;
• in a chosen folder: &lt;folder&gt;/&lt;territory identifier&gt;.gpkg;
• in the cache: temporary files, removed by “Empty the cache”.</translation>
    </message>
    <message>
        <source>Projet pas encore enregistré : fichier {path}</source>
        <translation>Project not saved yet: file {path}</translation>
    </message>
    <message>
        <source>Projet pas encore enregistré : un dossier vous sera demandé au chargement.</source>
        <translation>Project not saved yet: you will be asked for a folder when loading.</translation>
    </message>
    <message>
        <source>Rien n'a été supprimé.</source>
        <translation>Nothing was removed.</translation>
    </message>
    <message>
        <source>Source alimentée par un fichier à fournir dans le catalogue : couche vide en attendant.</source>
        <translation>Source fed by a file to be given in the catalogue: empty layer until then.</translation>
    </message>
    <message>
        <source>Sources : {sources}</source>
        <translation>Sources: {sources}</translation>
    </message>
    <message>
        <source>Supprime les réponses des sources et les territoires chargés enregistrés par TI Énergie dans son dossier de cache (rien d'autre), après confirmation ; les fichiers lus par les couches du projet ouvert sont conservés</source>
        <translation>Removes the answers of the sources and the loaded territories that TI Énergie saved in its cache folder (nothing else), after confirmation; the files read by layers of the open project are kept</translation>
    </message>
    <message>
        <source>Supprimer les {count} fichiers ({size:.1f} Mo) que TI Énergie a enregistrés dans {folder} : réponses des sources et territoires chargés dans le cache ? Rien d'autre n'est supprimé.</source>
        <translation>Remove the {count} files ({size:.1f} MB) that TI Énergie saved in {folder}: answers of the sources and territories loaded into the cache? Nothing else is removed.</translation>
    </message>
    <message>
        <source>Vider le cache de TI Énergie</source>
        <translation>Empty the TI Énergie cache</translation>
    </message>
    <message>
        <source>dans le cache (temporaire)</source>
        <translation>in the cache (temporary)</translation>
    </message>
    <message>
        <source>dans un dossier choisi</source>
        <translation>in a chosen folder</translation>
    </message>
    <message>
        <source>{count} fichiers n'ont pas pu être supprimés (ouverts par un autre logiciel ?).</source>
        <translation>{count} files could not be removed (open in another program?).</translation>
    </message>
    <message>
        <source>{old} est verrouillé (ouvert par un autre logiciel ?) : données enregistrées dans {path}.</source>
        <translation>{old} is locked (open in another program?): data saved in {path}.</translation>
    </message>
    <message>
        <source>{reason} Dossier où enregistrer les données du territoire</source>
        <translation>{reason} Folder where the territory’s data are saved</translation>
    </message>
    <message>
        <source>État de chaque source du dernier chargement (survolez une ligne pour le détail)</source>
        <translation>State of each source of the last load (hover over a row for the details)</translation>
    </message>
    <message>
        <source>État des sources :</source>
        <translation>State of the sources:</translation>
    </message>
    <message>
        <source>à côté du projet</source>
        <translation>next to the project</translation>
    </message>
    <message>
        <source>… et {count} autres</source>
        <translation>… and {count} more</translation>
    </message>
    <message>
        <source>Annulation de l'export de la fiche…</source>
        <translation>Cancelling the fiche export…</translation>
    </message>
    <message>
        <source>Annuler l'export de la fiche</source>
        <translation>Cancel the fiche export</translation>
    </message>
    <message>
        <source>Enregistrer la fiche du territoire</source>
        <translation>Save the territory fiche</translation>
    </message>
    <message>
        <source>Export de la fiche annulé.</source>
        <translation>Fiche export cancelled.</translation>
    </message>
    <message>
        <source>Exporter la fiche</source>
        <translation>Export the fiche</translation>
    </message>
    <message>
        <source>Faits nouveaux : {path}</source>
        <translation>New facts: {path}</translation>
    </message>
    <message>
        <source>Fiche de {territory} : préparation…</source>
        <translation>Fiche of {territory}: preparing…</translation>
    </message>
    <message>
        <source>Fiche écrite : &lt;a href="{url}"&gt;{pdf}&lt;/a&gt;</source>
        <translation>Fiche written: &lt;a href="{url}"&gt;{pdf}&lt;/a&gt;</translation>
    </message>
    <message>
        <source>Fiche écrite : {pdf} ({pages} pages).</source>
        <translation>Fiche written: {pdf} ({pages} pages).</translation>
    </message>
    <message>
        <source>Mise en page et écriture du PDF…</source>
        <translation>Laying out and writing the PDF…</translation>
    </message>
    <message>
        <source>PDF (*.pdf)</source>
        <translation>PDF (*.pdf)</translation>
    </message>
    <message>
        <source>Textes des référents : {path} ({state}).</source>
        <translation>Referents' texts: {path} ({state}).</translation>
    </message>
    <message>
        <source>Écrire la fiche du territoire sélectionné en PDF (A4) : portrait, énergie et cartes, attractivité, recommandations, synergies de chaleur, sources. Données : celles du projet pour ce territoire, sinon le cache (complété au besoin). Les textes des référents sont lus dans fiche-&lt;territoire&gt;-textes.yaml à côté du PDF ; le premier export en écrit le modèle.</source>
        <translation>Write the selected territory's fiche as a PDF (A4): portrait, energy and maps, attractiveness, recommendations, heat synergies, sources. Data: the project's for this territory, else the cache (completed when needed). The referents' texts are read from fiche-&lt;territory&gt;-textes.yaml next to the PDF; the first export writes its template.</translation>
    </message>
    <message>
        <source>Erreur inattendue pendant la mise en page de la fiche ; le détail est dans le journal des messages (onglet « TI Énergie »).</source>
        <translation>Unexpected error while laying out the fiche; details in the message log ("TI Énergie" tab).</translation>
    </message>
    <message>
        <source>Erreur inattendue pendant la préparation de la fiche ; le détail est dans le journal des messages (onglet « TI Énergie »).</source>
        <translation>Unexpected error while preparing the fiche; details in the message log ("TI Énergie" tab).</translation>
    </message>
    <message>
        <source>TI Énergie – fiche de {territory}</source>
        <translation>TI Énergie – fiche of {territory}</translation>
    </message>
    <message>
        <source>Analyser les synergies de chaleur (appariement sources / puits)</source>
        <translation>Analyse heat synergies (source / sink matching)</translation>
    </message>
    <message>
        <source>Aucune fiche écrite.</source>
        <translation>No fiche written.</translation>
    </message>
    <message>
        <source>Dossier des GeoPackages des territoires (par défaut : le cache, complété au besoin)</source>
        <translation>Folder of the territories' GeoPackages (default: the cache, completed when needed)</translation>
    </message>
    <message>
        <source>Dossier des textes des référents (plusieurs territoires : fiche-&lt;territoire&gt;-textes.yaml)</source>
        <translation>Folder of the referents' texts (several territories: fiche-&lt;territory&gt;-textes.yaml)</translation>
    </message>
    <message>
        <source>Exporter la fiche du territoire (PDF)</source>
        <translation>Export the territory fiche (PDF)</translation>
    </message>
    <message>
        <source>Fiche PDF (un dossier pour plusieurs territoires)</source>
        <translation>Fiche PDF (a folder for several territories)</translation>
    </message>
    <message>
        <source>Fiches écrites</source>
        <translation>Fiches written</translation>
    </message>
    <message>
        <source>Fichiers de suggestions écrits</source>
        <translation>Suggestion files written</translation>
    </message>
    <message>
        <source>Fichiers des textes des référents</source>
        <translation>Referents' text files</translation>
    </message>
    <message>
        <source>GeoPackage du territoire (écrit par « Charger un Territoire d'industrie »)</source>
        <translation>Territory GeoPackage (written by "Load a Territoire d'industrie")</translation>
    </message>
    <message>
        <source>Nombre de fiches écrites</source>
        <translation>Number of fiches written</translation>
    </message>
    <message>
        <source>Nombre de territoires en échec</source>
        <translation>Number of failed territories</translation>
    </message>
    <message>
        <source>Territoires en échec et pourquoi</source>
        <translation>Failed territories and why</translation>
    </message>
    <message>
        <source>Textes des référents (fichier YAML ; par défaut fiche-&lt;territoire&gt;-textes.yaml à côté du PDF)</source>
        <translation>Referents' texts (YAML file; default fiche-&lt;territory&gt;-textes.yaml next to the PDF)</translation>
    </message>
    <message>
        <source>Un seul fichier de textes (TEXTS) pour {count} territoires : donnez plutôt un dossier (TEXTS_FOLDER) de fichiers fiche-&lt;territoire&gt;-textes.yaml.</source>
        <translation>One texts file (TEXTS) for {count} territories: give a folder (TEXTS_FOLDER) of fiche-&lt;territory&gt;-textes.yaml files instead.</translation>
    </message>
    <message>
        <source>annulé</source>
        <translation>cancelled</translation>
    </message>
    <message>
        <source>erreur inattendue ({error}), détail dans le journal des messages (onglet « TI Énergie »)</source>
        <translation>unexpected error ({error}), details in the message log ("TI Énergie" tab)</translation>
    </message>
    <message>
        <source>{count} territoire(s) en échec :</source>
        <translation>{count} territory(ies) failed:</translation>
    </message>
    <message>
        <source>{territory} : {pdf} ({pages} pages) ; textes : {texts} ({state})</source>
        <translation>{territory}: {pdf} ({pages} pages); texts: {texts} ({state})</translation>
    </message>
    <message>
        <source>— {territory} ({index}/{count})</source>
        <translation>— {territory} ({index}/{count})</translation>
    </message>
    <message>
        <source>(incomplet)</source>
        <translation>(incomplete)</translation>
    </message>
    <message>
        <source>(incomplète)</source>
        <translation>(incomplete)</translation>
    </message>
    <message>
        <source>({} entité)</source>
        <translation>({} feature)</translation>
    </message>
    <message>
        <source>({} entités)</source>
        <translation>({} features)</translation>
    </message>
    <message>
        <source>0,2 MWh/(m·an) par tranchée : formule de Hotmaps corrigée (λ 0,05 W/(m·K), sol 10,7 °C, fluide 100 °C), 0,15–0,25 selon le diamètre.</source>
        <translation>0.2 MWh/(m·yr) per trench: Hotmaps formula, corrected (λ 0.05 W/(m·K), ground 10.7 °C, fluid 100 °C), 0.15–0.25 depending on the diameter.</translation>
    </message>
    <message>
        <source>1 %/an de l'investissement : valeur de classe Hotmaps (dh_objects.py).</source>
        <translation>1 %/yr of the investment: Hotmaps class value (dh_objects.py).</translation>
    </message>
    <message>
        <source>1 000 €/m de tranchée (aller + retour) : catalogue Hotmaps ×2 (390–976 €/m par tube), topotherm 390–1 755 €/m.</source>
        <translation>€1,000/m of trench (supply + return): Hotmaps catalogue ×2 (€390–976/m per pipe), topotherm €390–1,755/m.</translation>
    </message>
    <message>
        <source>10 km : rayon de l'étude sEEnergies / Peta (Manz et al., Sustainability 13(3):1439, 2021) ; Hotmaps utilise 20 km.</source>
        <translation>10 km: radius of the sEEnergies / Peta study (Manz et al., Sustainability 13(3):1439, 2021); Hotmaps uses 20 km.</translation>
    </message>
    <message>
        <source>10 puits les plus proches par source [hypothèse].</source>
        <translation>10 nearest sinks per source [assumption].</translation>
    </message>
    <message>
        <source>10 000 MWh/an</source>
        <translation>10,000 MWh/yr</translation>
    </message>
    <message>
        <source>15 – 30 GWh/an</source>
        <translation>15 – 30 GWh/yr</translation>
    </message>
    <message>
        <source>156 €/MWh : prix France du module Hotmaps excess_heat_cm (parameters.py) — à actualiser.</source>
        <translation>€156/MWh: France price of the Hotmaps excess_heat_cm module (parameters.py) — to be updated.</translation>
    </message>
    <message>
        <source>1 000 MWh/an</source>
        <translation>1,000 MWh/yr</translation>
    </message>
    <message>
        <source>3 %/an sur 30 ans : valeurs par défaut de l'interface Hotmaps (constant.py).</source>
        <translation>3 %/yr over 30 years: defaults of the Hotmaps interface (constant.py).</translation>
    </message>
    <message>
        <source>3 €/MWh/km : modèle « tuyau » ci-dessous ramené à un flux de 20 GWh/an [dérivé].</source>
        <translation>€3/MWh/km: the « pipe » model below brought back to a flow of 20 GWh/yr [derived].</translation>
    </message>
    <message>
        <source>30 ans : Hotmaps (constant.py).</source>
        <translation>30 years: Hotmaps (constant.py).</translation>
    </message>
    <message>
        <source>30 – 60 GWh/an</source>
        <translation>30 – 60 GWh/yr</translation>
    </message>
    <message>
        <source>5 K d'écart (pincement d'échangeur) [hypothèse].</source>
        <translation>5 K difference (heat exchanger pinch) [assumption].</translation>
    </message>
    <message>
        <source>50 000 MWh/an</source>
        <translation>50,000 MWh/yr</translation>
    </message>
    <message>
        <source>60 €/MWh : coût évité (chaleur gaz / coût marginal réseau), fourchette 50–80 €/MWh [hypothèse].</source>
        <translation>€60/MWh: avoided cost (gas heat / marginal cost of the network), range €50–80/MWh [assumption].</translation>
    </message>
    <message>
        <source>&lt; 15 GWh/an</source>
        <translation>&lt; 15 GWh/yr</translation>
    </message>
    <message>
        <source>&lt; à 10 000 MWh</source>
        <translation>&lt; 10,000 MWh</translation>
    </message>
    <message>
        <source>&lt;p&gt;&lt;b&gt;Champs&lt;/b&gt; : ils sont préremplis quand les couches du plugin sont choisies — sources : &lt;i&gt;identifiant&lt;/i&gt;, &lt;i&gt;chaleur_mwh_an&lt;/i&gt;, &lt;i&gt;temperature_c&lt;/i&gt; (couches « Gisements de chaleur fatale » et « STEP – chaleur valorisable ») ; puits : &lt;i&gt;identifiant&lt;/i&gt;, &lt;i&gt;livraisons_mwh&lt;/i&gt;, &lt;i&gt;temperature_c&lt;/i&gt; (couche « Réseaux de chaleur » : température de départ déduite du fluide caloporteur publié). Sinon, choisissez-les : l'identifiant des entités (fid) et un même champ pour deux mesures sont refusés.&lt;/p&gt;&lt;p&gt;&lt;b&gt;Sorties&lt;/b&gt; (noms de colonnes en français, unités, valeurs arrondies) : liens (mode « usage direct » ou « PAC », énergie, distance, coût, valeur nette), sources et puits avec énergie utilisée / couverture et &lt;b&gt;statut&lt;/b&gt; expliquant pourquoi un élément n'est pas apparié (et &lt;i&gt;status_code&lt;/i&gt;, code stable pour les styles et les scripts) ; tableau de synthèse dans le journal et résumé JSON (totaux, statut du solveur, paramètres, paires rejetées par distance, température, COP et coût). Les entités à énergie manquante ou négative, ou à température nulle, sont ignorées et comptées.&lt;/p&gt;</source>
        <translation>&lt;p&gt;&lt;b&gt;Fields&lt;/b&gt;: they are filled in when the plugin's layers are chosen — sources: &lt;i&gt;identifiant&lt;/i&gt;, &lt;i&gt;chaleur_mwh_an&lt;/i&gt;, &lt;i&gt;temperature_c&lt;/i&gt; (layers « Waste heat sources » and « Wastewater plants – recoverable heat »); sinks: &lt;i&gt;identifiant&lt;/i&gt;, &lt;i&gt;livraisons_mwh&lt;/i&gt;, &lt;i&gt;temperature_c&lt;/i&gt; (layer « Heat networks »: supply temperature deduced from the published heat carrier). Otherwise, choose them: the feature id (fid) and the same field for two measures are refused.&lt;/p&gt;&lt;p&gt;&lt;b&gt;Outputs&lt;/b&gt; (French column names, units, rounded values): links (mode « direct use » or « HP », energy, distance, cost, net value), sources and sinks with the energy used / coverage and a &lt;b&gt;status&lt;/b&gt; explaining why an item is not matched (and &lt;i&gt;status_code&lt;/i&gt;, a stable code for styles and scripts); summary table in the log and JSON summary (totals, solver status, parameters, pairs rejected by distance, temperature, COP and cost). Features with a missing or negative energy, or without a temperature, are skipped and counted.&lt;/p&gt;</translation>
    </message>
    <message>
        <source>&lt;p&gt;&lt;b&gt;Valeurs par défaut et sources&lt;/b&gt; :&lt;/p&gt;</source>
        <translation>&lt;p&gt;&lt;b&gt;Defaults and their sources&lt;/b&gt;:&lt;/p&gt;</translation>
    </message>
    <message>
        <source>&lt;p&gt;&lt;i&gt;Méthode, hypothèses et exemple : docs/heat-matching.md.&lt;/i&gt;&lt;/p&gt;</source>
        <translation>&lt;p&gt;&lt;i&gt;Method, assumptions and example: docs/heat-matching.md.&lt;/i&gt;&lt;/p&gt;</translation>
    </message>
    <message>
        <source>&lt;p&gt;Apparie des sources de chaleur fatale (points) et des puits de chaleur (réseaux de chaleur, gros consommateurs : points, lignes ou polygones) en maximisant la valeur nette totale (valeur de la chaleur livrée − transport − électricité des pompes à chaleur − pertes), sous contraintes d'énergie disponible par source et de besoin par puits. Programme linéaire résolu par HiGHS (scipy), sur les liens candidats (k puits les plus proches dans le rayon, distances en Lambert-93, au point le plus proche pour les lignes et polygones).&lt;/p&gt;&lt;p&gt;Usage direct si T&lt;sub&gt;source&lt;/sub&gt; ≥ T&lt;sub&gt;puits&lt;/sub&gt; + ΔT, sinon pompe à chaleur (COP fixe, ou fraction du COP de Carnot, refusée sous le COP minimal). Modèle de coût &lt;i&gt;linear&lt;/i&gt; (€/MWh/km, criblage) ou &lt;i&gt;pipe&lt;/i&gt; (tuyau annualisé au débit de conception, pertes par mètre). Option mensuelle : sources plates, puits selon un profil de degrés-jours (ou plat si le champ profil vaut « plat »).&lt;/p&gt;</source>
        <translation>&lt;p&gt;Matches waste-heat sources (points) with heat sinks (heat networks, large consumers: points, lines or polygons) by maximising the total net value (value of the heat delivered − transport − electricity of the heat pumps − losses), under the constraints of the energy available per source and of the need per sink. Linear programme solved by HiGHS (scipy), on the candidate links (k nearest sinks within the radius, distances in Lambert-93, to the nearest point for lines and polygons).&lt;/p&gt;&lt;p&gt;Direct use if T&lt;sub&gt;source&lt;/sub&gt; ≥ T&lt;sub&gt;sink&lt;/sub&gt; + ΔT, else a heat pump (fixed COP, or a fraction of the Carnot COP, refused below the minimum COP). Cost model &lt;i&gt;linear&lt;/i&gt; (€/MWh/km, screening) or &lt;i&gt;pipe&lt;/i&gt; (pipe annualised at the design flow, losses per metre). Monthly option: flat sources, sinks following a degree-day profile (or flat if the profile field is « plat »).&lt;/p&gt;</translation>
    </message>
    <message>
        <source>&gt; à 10 000 MWh</source>
        <translation>&gt; 10,000 MWh</translation>
    </message>
    <message>
        <source>&gt; à 50 000 MWh</source>
        <translation>&gt; 50,000 MWh</translation>
    </message>
    <message>
        <source>Activité ou exploitant</source>
        <translation>Activity or operator</translation>
    </message>
    <message>
        <source>Actualisation / durée de vie</source>
        <translation>Discounting / lifetime</translation>
    </message>
    <message>
        <source>Adresse ou site</source>
        <translation>Address or site</translation>
    </message>
    <message>
        <source>Agroalimentaire</source>
        <translation>Food industry</translation>
    </message>
    <message>
        <source>Annulé par l'utilisateur.</source>
        <translation>Cancelled by the user.</translation>
    </message>
    <message>
        <source>Année</source>
        <translation>Year</translation>
    </message>
    <message>
        <source>Année de création</source>
        <translation>Year of creation</translation>
    </message>
    <message>
        <source>Année de la donnée</source>
        <translation>Year of the data</translation>
    </message>
    <message>
        <source>Année de mise en service</source>
        <translation>Year of commissioning</translation>
    </message>
    <message>
        <source>Année des données d'emploi (Flores, fin d'année)</source>
        <translation>Year of the employment data (Flores, end of year)</translation>
    </message>
    <message>
        <source>Appariement avec la table RTE</source>
        <translation>Match with the RTE table</translation>
    </message>
    <message>
        <source>Appariement sources / puits de chaleur</source>
        <translation>Match heat sources and heat sinks</translation>
    </message>
    <message>
        <source>Aucun GeoPackage du territoire {} ({}.gpkg ou {}-….gpkg) dans {}.</source>
        <translation>No GeoPackage of the territory {} ({}.gpkg or {}-….gpkg) in {}.</translation>
    </message>
    <message>
        <source>Aucun lien possible : toutes les paires candidates sont rejetées (distance : {}, température : {}, COP : {}, coût : {}).</source>
        <translation>No possible link: every candidate pair is rejected (distance: {}, temperature: {}, COP: {}, cost: {}).</translation>
    </message>
    <message>
        <source>Aucun puits valide (besoin ≥ 0 et température renseignés).</source>
        <translation>No valid sink (need ≥ 0 and temperature given).</translation>
    </message>
    <message>
        <source>Aucun territoire à exporter.</source>
        <translation>No territory to export.</translation>
    </message>
    <message>
        <source>Aucune source valide (énergie ≥ 0 et température renseignées).</source>
        <translation>No valid source (energy ≥ 0 and temperature given).</translation>
    </message>
    <message>
        <source>Autoriser les pompes à chaleur</source>
        <translation>Allow heat pumps</translation>
    </message>
    <message>
        <source>Autre filière</source>
        <translation>Other technology</translation>
    </message>
    <message>
        <source>Autre friche</source>
        <translation>Other brownfield</translation>
    </message>
    <message>
        <source>Besoin</source>
        <translation>Need</translation>
    </message>
    <message>
        <source>Besoin des puits</source>
        <translation>Need of the sinks</translation>
    </message>
    <message>
        <source>Besoin des puits (MWh/an)</source>
        <translation>Need of the sinks (MWh/yr)</translation>
    </message>
    <message>
        <source>Besoin non couvert (MWh/an)</source>
        <translation>Unmet need (MWh/yr)</translation>
    </message>
    <message>
        <source>Biens intermédiaires et d'équipement</source>
        <translation>Intermediate and capital goods</translation>
    </message>
    <message>
        <source>Bioénergies</source>
        <translation>Bioenergy</translation>
    </message>
    <message>
        <source>COP (fraction de Carnot)</source>
        <translation>COP (fraction of Carnot)</translation>
    </message>
    <message>
        <source>COP = 0,5 × COP de Carnot : pratique courante des modèles LP (tutoriel oemof).</source>
        <translation>COP = 0.5 × Carnot COP: common practice of LP models (oemof tutorial).</translation>
    </message>
    <message>
        <source>COP de PAC trop faible</source>
        <translation>Heat pump COP too low</translation>
    </message>
    <message>
        <source>COP de la PAC</source>
        <translation>Heat pump COP</translation>
    </message>
    <message>
        <source>COP fixe de la PAC (0 = fraction du COP de Carnot)</source>
        <translation>Fixed heat pump COP (0 = fraction of the Carnot COP)</translation>
    </message>
    <message>
        <source>COP minimal</source>
        <translation>Minimum COP</translation>
    </message>
    <message>
        <source>COP minimal 2,0 [hypothèse] ; COP plafonné à 10 [hypothèse].</source>
        <translation>Minimum COP 2.0 [assumption]; COP capped at 10 [assumption].</translation>
    </message>
    <message>
        <source>Calcul mensuel (saisonnalité, 12 périodes)</source>
        <translation>Monthly calculation (seasonality, 12 periods)</translation>
    </message>
    <message>
        <source>Capacité (EH)</source>
        <translation>Capacity (PE)</translation>
    </message>
    <message>
        <source>Capacité (GWh/an)</source>
        <translation>Capacity (GWh/yr)</translation>
    </message>
    <message>
        <source>Carte « {} » : aucun territoire du projet ne l'a.</source>
        <translation>Map « {} »: no territory of the project has it.</translation>
    </message>
    <message>
        <source>Carte « {} » : aucune de ses couches n'est chargée pour {}.</source>
        <translation>Map « {} »: none of its layers is loaded for {}.</translation>
    </message>
    <message>
        <source>Carte « {} » : aucune de ses couches n'est dans les données, carte non exportée.</source>
        <translation>Map « {} »: none of its layers is in the data, map not exported.</translation>
    </message>
    <message>
        <source>Cartes</source>
        <translation>Maps</translation>
    </message>
    <message>
        <source>Catégorie de la fiche</source>
        <translation>Category of the fiche</translation>
    </message>
    <message>
        <source>Cellules couvertes par le secret statistique (chiffres minorés)</source>
        <translation>Cells covered by statistical confidentiality (figures understated)</translation>
    </message>
    <message>
        <source>Centrale nucléaire</source>
        <translation>Nuclear power plant</translation>
    </message>
    <message>
        <source>Chaleur</source>
        <translation>Heat</translation>
    </message>
    <message>
        <source>Chaleur d'incinération (MWh/an)</source>
        <translation>Incineration heat (MWh/yr)</translation>
    </message>
    <message>
        <source>Chaleur fatale &lt; à 100 °C</source>
        <translation>Waste heat &lt; 100 °C</translation>
    </message>
    <message>
        <source>Chaleur fatale &lt; à 200 °C</source>
        <translation>Waste heat &lt; 200 °C</translation>
    </message>
    <message>
        <source>Chaleur fatale &lt; à 40 °C</source>
        <translation>Waste heat &lt; 40 °C</translation>
    </message>
    <message>
        <source>Chaleur fatale &lt; à 80 °C</source>
        <translation>Waste heat &lt; 80 °C</translation>
    </message>
    <message>
        <source>Chaleur industrielle récupérée (MWh/an)</source>
        <translation>Recovered industrial heat (MWh/yr)</translation>
    </message>
    <message>
        <source>Chaleur livrée (MWh/an)</source>
        <translation>Heat delivered (MWh/yr)</translation>
    </message>
    <message>
        <source>Chaleur prélevée à la source (MWh/an)</source>
        <translation>Heat taken from the source (MWh/yr)</translation>
    </message>
    <message>
        <source>Chaleur valorisable (MWh/an)</source>
        <translation>Recoverable heat (MWh/yr)</translation>
    </message>
    <message>
        <source>Choisissez le champ « {param} » ({key}) de la couche des {layer}.</source>
        <translation>Choose the field « {param} » ({key}) of the {layer} layer.</translation>
    </message>
    <message>
        <source>Classe de consommation</source>
        <translation>Consumption class</translation>
    </message>
    <message>
        <source>Classe de température</source>
        <translation>Temperature class</translation>
    </message>
    <message>
        <source>Classement</source>
        <translation>Classification</translation>
    </message>
    <message>
        <source>Code INSEE</source>
        <translation>INSEE code</translation>
    </message>
    <message>
        <source>Code RTE</source>
        <translation>RTE code</translation>
    </message>
    <message>
        <source>Code Sandre</source>
        <translation>Sandre code</translation>
    </message>
    <message>
        <source>Cogénération de biométhane</source>
        <translation>Biomethane cogeneration</translation>
    </message>
    <message>
        <source>Cogénération de gaz</source>
        <translation>Gas cogeneration</translation>
    </message>
    <message>
        <source>Collectivités</source>
        <translation>Local authorities</translation>
    </message>
    <message>
        <source>Commune</source>
        <translation>Municipality</translation>
    </message>
    <message>
        <source>Communes</source>
        <translation>Municipalities</translation>
    </message>
    <message>
        <source>Communes desservies</source>
        <translation>Municipalities served</translation>
    </message>
    <message>
        <source>Consommateurs d'énergie de l'industrie</source>
        <translation>Industrial energy consumers</translation>
    </message>
    <message>
        <source>Consommation (MWh/an)</source>
        <translation>Consumption (MWh/yr)</translation>
    </message>
    <message>
        <source>Consommation couverte par le secret (oui, partiel, non)</source>
        <translation>Consumption covered by confidentiality (yes, partial, no)</translation>
    </message>
    <message>
        <source>Consommation non publiée</source>
        <translation>Consumption not published</translation>
    </message>
    <message>
        <source>Contenu CO2 (kg/kWh)</source>
        <translation>CO2 content (kg/kWh)</translation>
    </message>
    <message>
        <source>Couche des {} introuvable ou illisible.</source>
        <translation>{} layer not found or unreadable.</translation>
    </message>
    <message>
        <source>Couche des {} à géométries mixtes : le bilan est écrit en points (point sur la surface) ; les liens aboutissent bien au point le plus proche.</source>
        <translation>{} layer with mixed geometries: the balance is written as points (point on surface); the links do end at the nearest point.</translation>
    </message>
    <message>
        <source>Couche « {} » illisible dans {}.</source>
        <translation>Layer « {} » unreadable in {}.</translation>
    </message>
    <message>
        <source>Couche « {} » inaccessible (service {}).</source>
        <translation>Layer « {} » unreachable (service {}).</translation>
    </message>
    <message>
        <source>Couche « {} » sans son système de coordonnées dans {} ({} attendu, {} trouvé) : elle n'est pas ajoutée au projet. Relancez le chargement ; si l'erreur revient, redémarrez QGIS.</source>
        <translation>Layer « {} » without its coordinate reference system in {} ({} expected, {} found): it is not added to the project. Run the load again; if the error comes back, restart QGIS.</translation>
    </message>
    <message>
        <source>Couverture du besoin (%)</source>
        <translation>Coverage of the need (%)</translation>
    </message>
    <message>
        <source>Coût (€/MWh livré)</source>
        <translation>Cost (€/MWh delivered)</translation>
    </message>
    <message>
        <source>Coût de transport (€/MWh/km, modèle linear)</source>
        <translation>Transport cost (€/MWh/km, linear model)</translation>
    </message>
    <message>
        <source>Coût de transport linéaire</source>
        <translation>Linear transport cost</translation>
    </message>
    <message>
        <source>Coût du tuyau</source>
        <translation>Pipe cost</translation>
    </message>
    <message>
        <source>Coût du tuyau (€/m de tranchée, modèle pipe)</source>
        <translation>Pipe cost (€/m of trench, pipe model)</translation>
    </message>
    <message>
        <source>DJU base 18 illustratifs du nord de la France (janvier → décembre : {}) : forme de la série mensuelle de la station de Blois/Chailles 2010–2024 (jmj41.com), ramenée à ~2 720 DJU/an [hypothèse, à remplacer par les normales Météo-France du site].</source>
        <translation>Illustrative degree-days (base 18) for northern France (January → December: {}): shape of the monthly series of the Blois/Chailles station 2010–2024 (jmj41.com), scaled to ~2,720 degree-days/yr [assumption, to be replaced by the Météo-France normals of the site].</translation>
    </message>
    <message>
        <source>Date de mise en service</source>
        <translation>Date of commissioning</translation>
    </message>
    <message>
        <source>Degrés-jours mensuels (janvier → décembre)</source>
        <translation>Monthly degree-days (January → December)</translation>
    </message>
    <message>
        <source>Densité (hab./km²)</source>
        <translation>Density (inhab./km²)</translation>
    </message>
    <message>
        <source>Diamètre (mm)</source>
        <translation>Diameter (mm)</translation>
    </message>
    <message>
        <source>Distance (km)</source>
        <translation>Distance (km)</translation>
    </message>
    <message>
        <source>Distance maximale</source>
        <translation>Maximum distance</translation>
    </message>
    <message>
        <source>Distance maximale (m)</source>
        <translation>Maximum distance (m)</translation>
    </message>
    <message>
        <source>Division NAF</source>
        <translation>NAF division</translation>
    </message>
    <message>
        <source>Dont basse température (MWh/an)</source>
        <translation>Of which low temperature (MWh/yr)</translation>
    </message>
    <message>
        <source>Dont haute température (MWh/an)</source>
        <translation>Of which high temperature (MWh/yr)</translation>
    </message>
    <message>
        <source>Dossier de sortie</source>
        <translation>Output folder</translation>
    </message>
    <message>
        <source>Dossier des GeoPackages des territoires (par défaut : le cache)</source>
        <translation>Folder of the territories' GeoPackages (default: the cache)</translation>
    </message>
    <message>
        <source>Durée de vie (ans, modèle pipe)</source>
        <translation>Lifetime (years, pipe model)</translation>
    </message>
    <message>
        <source>Débit sortant (m³/j)</source>
        <translation>Outflow (m³/d)</translation>
    </message>
    <message>
        <source>Département</source>
        <translation>Département</translation>
    </message>
    <message>
        <source>EPCI</source>
        <translation>EPCI</translation>
    </message>
    <message>
        <source>Effectifs manufacturiers par secteur (JSON)</source>
        <translation>Manufacturing employees by sector (JSON)</translation>
    </message>
    <message>
        <source>Effectifs salariés (fin d'année, Flores)</source>
        <translation>Employees (end of year, Flores)</translation>
    </message>
    <message>
        <source>Effectifs salariés de l'industrie (sections B à E)</source>
        <translation>Industrial employees (sections B to E)</translation>
    </message>
    <message>
        <source>Exploitant</source>
        <translation>Operator</translation>
    </message>
    <message>
        <source>Exploitation-maintenance</source>
        <translation>Operation and maintenance</translation>
    </message>
    <message>
        <source>Exploitation-maintenance (%/an de l'investissement)</source>
        <translation>Operation and maintenance (%/yr of the investment)</translation>
    </message>
    <message>
        <source>Export impossible de {}{} (code {}).</source>
        <translation>Export of {}{} failed (code {}).</translation>
    </message>
    <message>
        <source>Exporte les cartes de la fiche (Consommateurs, Producteurs, Réseaux et friches, Chaleur valorisable) d'un ou de plusieurs Territoires d'industrie, en PDF ou en PNG (A4 paysage : titre, carte, légende de la fiche, échelle, nord, sources et licences des couches, date).

TERRITORY : identifiants ANCT ou noms, séparés par des virgules ; « tous » pour tous les territoires du catalogue. Plusieurs territoires : un PDF par carte, une page par territoire (atlas), ou un PNG par territoire et par carte.
Données : le GeoPackage donné (GEOPACKAGE, un territoire), sinon le GeoPackage le plus récent du territoire dans DATA_FOLDER (par défaut le cache de TI Énergie) ; un territoire sans données des cartes demandées est d'abord chargé (réseau).</source>
        <translation>Exports the maps of the fiche (Consumers, Producers, Networks and brownfields, Recoverable heat) of one or several Territoires d'industrie, as PDF or PNG (A4 landscape: title, map, legend of the fiche, scale, north arrow, sources and licences of the layers, date).

TERRITORY: ANCT ids or names, separated by commas; « tous » for every territory of the catalogue. Several territories: one PDF per map, one page per territory (atlas), or one PNG per territory and per map.
Data: the given GeoPackage (GEOPACKAGE, one territory), else the newest GeoPackage of the territory in DATA_FOLDER (default: the TI Énergie cache); a territory without the data of the requested maps is loaded first (network).</translation>
    </message>
    <message>
        <source>Exporter les cartes de la fiche</source>
        <translation>Export the maps of the fiche</translation>
    </message>
    <message>
        <source>Fichier des suggestions non écrit à côté de {} ({}).</source>
        <translation>Suggestions file not written next to {} ({}).</translation>
    </message>
    <message>
        <source>Fichier des textes des référents illisible : {} ({}).</source>
        <translation>Referents' texts file unreadable: {} ({}).</translation>
    </message>
    <message>
        <source>Fichier des textes des référents illisible : {} n'est pas en UTF-8 (enregistrez-le en UTF-8 depuis votre éditeur).</source>
        <translation>Referents' texts file unreadable: {} is not UTF-8 (save it as UTF-8 from your editor).</translation>
    </message>
    <message>
        <source>Fichier des textes des référents illisible : {} ne contient pas de rubriques « clé: valeur » (portrait:, energie:, recommandations:…).</source>
        <translation>Referents' texts file unreadable: {} has no « key: value » sections (portrait:, energie:, recommandations:…).</translation>
    </message>
    <message>
        <source>Fichier des textes des référents illisible : {}, {} : {}. Corrigez le fichier (guillemets, deux-points, décalage des lignes) puis relancez l'export.</source>
        <translation>Referents' texts file unreadable: {}, {}: {}. Fix the file (quotes, colons, indentation) then run the export again.</translation>
    </message>
    <message>
        <source>Fichier des textes des référents non écrit : {} ({}).</source>
        <translation>Referents' texts file not written: {} ({}).</translation>
    </message>
    <message>
        <source>Fichiers écrits</source>
        <translation>Files written</translation>
    </message>
    <message>
        <source>Filière (source)</source>
        <translation>Technology (source)</translation>
    </message>
    <message>
        <source>Fluide caloporteur</source>
        <translation>Heat transfer fluid</translation>
    </message>
    <message>
        <source>Fluide eau chaude</source>
        <translation>Hot water fluid</translation>
    </message>
    <message>
        <source>Fluide eau surchauffée</source>
        <translation>Superheated water fluid</translation>
    </message>
    <message>
        <source>Fluide vapeur</source>
        <translation>Steam fluid</translation>
    </message>
    <message>
        <source>Fonction (RTE)</source>
        <translation>Function (RTE)</translation>
    </message>
    <message>
        <source>Format</source>
        <translation>Format</translation>
    </message>
    <message>
        <source>Format « {} » inconnu : {}.</source>
        <translation>Unknown format « {} »: {}.</translation>
    </message>
    <message>
        <source>Fraction du COP de Carnot</source>
        <translation>Fraction of the Carnot COP</translation>
    </message>
    <message>
        <source>Friche industrielle</source>
        <translation>Industrial brownfield</translation>
    </message>
    <message>
        <source>Friche pour solaire</source>
        <translation>Brownfield for solar</translation>
    </message>
    <message>
        <source>Friches de plus de 1 ha</source>
        <translation>Brownfields over 1 ha</translation>
    </message>
    <message>
        <source>Gain de l'optimisation</source>
        <translation>Gain of the optimisation</translation>
    </message>
    <message>
        <source>Gaz</source>
        <translation>Gas</translation>
    </message>
    <message>
        <source>GeoPackage d'un territoire (écrit par « Charger un Territoire d'industrie »)</source>
        <translation>GeoPackage of a territory (written by « Load a Territoire d'industrie »)</translation>
    </message>
    <message>
        <source>GeoPackage illisible : {} ({}).</source>
        <translation>Unreadable GeoPackage: {} ({}).</translation>
    </message>
    <message>
        <source>GeoPackage illisible : {}.</source>
        <translation>Unreadable GeoPackage: {}.</translation>
    </message>
    <message>
        <source>GeoPackage introuvable : {}.</source>
        <translation>GeoPackage not found: {}.</translation>
    </message>
    <message>
        <source>GeoPackage {} : styles non remplacés ({}).</source>
        <translation>GeoPackage {}: styles not replaced ({}).</translation>
    </message>
    <message>
        <source>Gestionnaire</source>
        <translation>Network operator</translation>
    </message>
    <message>
        <source>Gestionnaire de réseau</source>
        <translation>Network operator</translation>
    </message>
    <message>
        <source>GetCapabilities illisible (XML invalide).</source>
        <translation>Unreadable GetCapabilities (invalid XML).</translation>
    </message>
    <message>
        <source>Gisements de chaleur fatale</source>
        <translation>Waste heat deposits</translation>
    </message>
    <message>
        <source>Glouton « plus proche d'abord »</source>
        <translation>Greedy « nearest first »</translation>
    </message>
    <message>
        <source>Géothermie de surface (ressources sur nappes)</source>
        <translation>Shallow geothermal energy (aquifer resources)</translation>
    </message>
    <message>
        <source>Hydraulique</source>
        <translation>Hydropower</translation>
    </message>
    <message>
        <source>Identifiant</source>
        <translation>Identifier</translation>
    </message>
    <message>
        <source>Identifiant ANCT</source>
        <translation>ANCT id</translation>
    </message>
    <message>
        <source>Identifiant BD TOPO</source>
        <translation>BD TOPO id</translation>
    </message>
    <message>
        <source>Identifiant SNCU</source>
        <translation>SNCU id</translation>
    </message>
    <message>
        <source>Identifiant des puits</source>
        <translation>Sink identifier</translation>
    </message>
    <message>
        <source>Identifiant des sources</source>
        <translation>Source identifier</translation>
    </message>
    <message>
        <source>Identifiant du projet</source>
        <translation>Project id</translation>
    </message>
    <message>
        <source>Ignorées (données invalides)</source>
        <translation>Skipped (invalid data)</translation>
    </message>
    <message>
        <source>Impossible de remplacer {} (fichier ouvert ailleurs ?) : {}.</source>
        <translation>Cannot replace {} (file open elsewhere?): {}.</translation>
    </message>
    <message>
        <source>Indice de mutabilité photovoltaïque</source>
        <translation>Photovoltaic mutability index</translation>
    </message>
    <message>
        <source>Indiquez un territoire (TERRITORY) ou un GeoPackage de territoire (DATA).</source>
        <translation>Give a territory (TERRITORY) or a territory GeoPackage (DATA).</translation>
    </message>
    <message>
        <source>Indiquez un territoire (TERRITORY) ou un GeoPackage de territoire (GEOPACKAGE).</source>
        <translation>Give a territory (TERRITORY) or a territory GeoPackage (GEOPACKAGE).</translation>
    </message>
    <message>
        <source>Industrie chimique et pharmaceutique</source>
        <translation>Chemical and pharmaceutical industry</translation>
    </message>
    <message>
        <source>Industriels</source>
        <translation>Industry</translation>
    </message>
    <message>
        <source>Injection de biométhane</source>
        <translation>Biomethane injection</translation>
    </message>
    <message>
        <source>La couche des {layer} n'a pas de champ « {field} » : choisissez le champ « {param} » ({key}).</source>
        <translation>The {layer} layer has no field « {field} »: choose the field « {param} » ({key}).</translation>
    </message>
    <message>
        <source>La couche des {} est vide.</source>
        <translation>The {} layer is empty.</translation>
    </message>
    <message>
        <source>La couche des {} n'a pas de système de coordonnées valide : définissez sa projection.</source>
        <translation>The {} layer has no valid coordinate reference system: set its projection.</translation>
    </message>
    <message>
        <source>La couche « perimetre » de {} est vide.</source>
        <translation>The « perimetre » layer of {} is empty.</translation>
    </message>
    <message>
        <source>La couche « {} » a été écrite dans {} sans son système de coordonnées ({} attendu, {} trouvé) : elle est retirée. Relancez le chargement ; si l'erreur revient, redémarrez QGIS.</source>
        <translation>The layer « {} » was written into {} without its coordinate reference system ({} expected, {} found): it is removed. Run the load again; if the error comes back, restart QGIS.</translation>
    </message>
    <message>
        <source>La durée de vie doit être &gt; 0.</source>
        <translation>The lifetime must be &gt; 0.</translation>
    </message>
    <message>
        <source>Le GeoPackage {} est celui du territoire {}, pas de « {} ».</source>
        <translation>The GeoPackage {} is the one of the territory {}, not of « {} ».</translation>
    </message>
    <message>
        <source>Le GeoPackage {} n'a pas de couche « perimetre » : ce n'est pas un GeoPackage de territoire écrit par TI Énergie.</source>
        <translation>The GeoPackage {} has no « perimetre » layer: it is not a territory GeoPackage written by TI Énergie.</translation>
    </message>
    <message>
        <source>Le champ « {field} » choisi pour « {param} » n'est pas numérique : choisissez un champ de nombres.</source>
        <translation>The field « {field} » chosen for « {param} » is not numeric: choose a field of numbers.</translation>
    </message>
    <message>
        <source>Le champ « {field} » est l'identifiant des entités de la couche des {layer}, pas une mesure : choisissez un autre champ pour « {param} ».</source>
        <translation>The field « {field} » is the feature id of the {layer} layer, not a measure: choose another field for « {param} ».</translation>
    </message>
    <message>
        <source>Le fichier des textes {} est celui du territoire « {} », pas de « {} » ({}).</source>
        <translation>The texts file {} is the one of the territory « {} », not of « {} » ({}).</translation>
    </message>
    <message>
        <source>Le modèle de mise en page n'a pas d'élément carte « map_main ».</source>
        <translation>The layout template has no map item « map_main ».</translation>
    </message>
    <message>
        <source>Le même champ « {field} » est choisi pour « {first} » et « {second} » : choisissez deux champs différents.</source>
        <translation>The same field « {field} » is chosen for « {first} » and « {second} »: choose two different fields.</translation>
    </message>
    <message>
        <source>Le profil mensuel doit compter 12 valeurs positives ou nulles, de somme &gt; 0.</source>
        <translation>The monthly profile must have 12 positive or zero values, with a sum &gt; 0.</translation>
    </message>
    <message>
        <source>Le solveur n'a pas trouvé de solution optimale : {}</source>
        <translation>The solver found no optimal solution: {}</translation>
    </message>
    <message>
        <source>Liens de chaleur</source>
        <translation>Heat links</translation>
    </message>
    <message>
        <source>Liens retenus</source>
        <translation>Links kept</translation>
    </message>
    <message>
        <source>Liens sources → puits</source>
        <translation>Links sources → sinks</translation>
    </message>
    <message>
        <source>Lignes électriques 400 kV</source>
        <translation>400 kV power lines</translation>
    </message>
    <message>
        <source>Livrable sans saisonnalité</source>
        <translation>Deliverable without seasonality</translation>
    </message>
    <message>
        <source>Livraisons (MWh/an)</source>
        <translation>Deliveries (MWh/yr)</translation>
    </message>
    <message>
        <source>Livraisons à l'industrie (MWh/an)</source>
        <translation>Deliveries to industry (MWh/yr)</translation>
    </message>
    <message>
        <source>Longueur (km)</source>
        <translation>Length (km)</translation>
    </message>
    <message>
        <source>Matériels de transport</source>
        <translation>Transport equipment</translation>
    </message>
    <message>
        <source>Maître d'ouvrage</source>
        <translation>Owner</translation>
    </message>
    <message>
        <source>Mise en page « {} » non ajoutée au projet.</source>
        <translation>Layout « {} » not added to the project.</translation>
    </message>
    <message>
        <source>Mode</source>
        <translation>Mode</translation>
    </message>
    <message>
        <source>Mode (code)</source>
        <translation>Mode (code)</translation>
    </message>
    <message>
        <source>Modèle de coût</source>
        <translation>Cost model</translation>
    </message>
    <message>
        <source>Modèle de mise en page illisible : {}.</source>
        <translation>Unreadable layout template: {}.</translation>
    </message>
    <message>
        <source>Modèle de mise en page introuvable : {} ({}).</source>
        <translation>Layout template not found: {} ({}).</translation>
    </message>
    <message>
        <source>Modèle de mise en page non chargé : {}.</source>
        <translation>Layout template not loaded: {}.</translation>
    </message>
    <message>
        <source>Métallurgie/sidérurgie</source>
        <translation>Metallurgy/steel</translation>
    </message>
    <message>
        <source>Nature</source>
        <translation>Nature</translation>
    </message>
    <message>
        <source>Niveau de température</source>
        <translation>Temperature level</translation>
    </message>
    <message>
        <source>Nom</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>Nom court</source>
        <translation>Short name</translation>
    </message>
    <message>
        <source>Nom de la station</source>
        <translation>Name of the plant</translation>
    </message>
    <message>
        <source>Nom du réseau</source>
        <translation>Name of the network</translation>
    </message>
    <message>
        <source>Nom du site</source>
        <translation>Name of the site</translation>
    </message>
    <message>
        <source>Nombre d'EPCI</source>
        <translation>Number of EPCI</translation>
    </message>
    <message>
        <source>Nombre d'installations</source>
        <translation>Number of installations</translation>
    </message>
    <message>
        <source>Nombre de communes</source>
        <translation>Number of municipalities</translation>
    </message>
    <message>
        <source>Nombre de fichiers écrits</source>
        <translation>Number of files written</translation>
    </message>
    <message>
        <source>Nombre de liens</source>
        <translation>Number of links</translation>
    </message>
    <message>
        <source>Nombre de liens retenus</source>
        <translation>Number of links kept</translation>
    </message>
    <message>
        <source>Nucléaire</source>
        <translation>Nuclear</translation>
    </message>
    <message>
        <source>Numéro</source>
        <translation>Number</translation>
    </message>
    <message>
        <source>Opérateur</source>
        <translation>Operator</translation>
    </message>
    <message>
        <source>Opération annulée par l'utilisateur.</source>
        <translation>Operation cancelled by the user.</translation>
    </message>
    <message>
        <source>Origine de la température</source>
        <translation>Origin of the temperature</translation>
    </message>
    <message>
        <source>PAC</source>
        <translation>HP</translation>
    </message>
    <message>
        <source>Paires candidates examinées</source>
        <translation>Candidate pairs examined</translation>
    </message>
    <message>
        <source>Paires rejetées (COP trop faible)</source>
        <translation>Pairs rejected (COP too low)</translation>
    </message>
    <message>
        <source>Paires rejetées (coût supérieur à la valeur)</source>
        <translation>Pairs rejected (cost above the value)</translation>
    </message>
    <message>
        <source>Paires rejetées (température insuffisante)</source>
        <translation>Pairs rejected (temperature too low)</translation>
    </message>
    <message>
        <source>Paires rejetées (trop loin)</source>
        <translation>Pairs rejected (too far)</translation>
    </message>
    <message>
        <source>Papeterie</source>
        <translation>Paper industry</translation>
    </message>
    <message>
        <source>Part de l'emploi industriel (%)</source>
        <translation>Share of industrial employment (%)</translation>
    </message>
    <message>
        <source>Part des 10 premiers établissements dans l'emploi (%, estimée)</source>
        <translation>Share of the 10 largest establishments in employment (%, estimated)</translation>
    </message>
    <message>
        <source>Part utilisée (%)</source>
        <translation>Share used (%)</translation>
    </message>
    <message>
        <source>Pertes (MWh/an)</source>
        <translation>Losses (MWh/yr)</translation>
    </message>
    <message>
        <source>Pertes thermiques</source>
        <translation>Heat losses</translation>
    </message>
    <message>
        <source>Pertes thermiques (MWh/(m·an), modèle pipe)</source>
        <translation>Heat losses (MWh/(m·yr), pipe model)</translation>
    </message>
    <message>
        <source>Plan IGN (fond)</source>
        <translation>Plan IGN (background)</translation>
    </message>
    <message>
        <source>Point d'injection de biométhane</source>
        <translation>Biomethane injection point</translation>
    </message>
    <message>
        <source>Points de livraison</source>
        <translation>Delivery points</translation>
    </message>
    <message>
        <source>Pollution des sols</source>
        <translation>Soil pollution</translation>
    </message>
    <message>
        <source>Pompe à chaleur</source>
        <translation>Heat pump</translation>
    </message>
    <message>
        <source>Population (hab.)</source>
        <translation>Population (inhab.)</translation>
    </message>
    <message>
        <source>Poste électrique (400 kV)</source>
        <translation>Substation (400 kV)</translation>
    </message>
    <message>
        <source>Postes électriques 400 kV</source>
        <translation>400 kV substations</translation>
    </message>
    <message>
        <source>Potentiel (BRGM)</source>
        <translation>Potential (BRGM)</translation>
    </message>
    <message>
        <source>Potentiel (fiche)</source>
        <translation>Potential (fiche)</translation>
    </message>
    <message>
        <source>Potentiel (échelle BRGM 1 à 9)</source>
        <translation>Potential (BRGM scale 1 to 9)</translation>
    </message>
    <message>
        <source>Potentiel fort</source>
        <translation>High potential</translation>
    </message>
    <message>
        <source>Potentiel moyen et faible</source>
        <translation>Medium and low potential</translation>
    </message>
    <message>
        <source>Potentiel non connu</source>
        <translation>Unknown potential</translation>
    </message>
    <message>
        <source>Pression (bar)</source>
        <translation>Pressure (bar)</translation>
    </message>
    <message>
        <source>Prix de l'électricité</source>
        <translation>Electricity price</translation>
    </message>
    <message>
        <source>Prix de l'électricité (€/MWh)</source>
        <translation>Electricity price (€/MWh)</translation>
    </message>
    <message>
        <source>Producteurs d'énergie</source>
        <translation>Energy producers</translation>
    </message>
    <message>
        <source>Production (MWh/an)</source>
        <translation>Production (MWh/yr)</translation>
    </message>
    <message>
        <source>Production d'électricité (par commune et filière)</source>
        <translation>Electricity production (by municipality and technology)</translation>
    </message>
    <message>
        <source>Produits minéraux, caoutchouc, plastique</source>
        <translation>Mineral products, rubber, plastics</translation>
    </message>
    <message>
        <source>Profil des puits (« plat » ou degrés-jours)</source>
        <translation>Profile of the sinks (« plat » or degree-days)</translation>
    </message>
    <message>
        <source>Profil mensuel</source>
        <translation>Monthly profile</translation>
    </message>
    <message>
        <source>Profil mensuel illisible : « {} ».</source>
        <translation>Unreadable monthly profile: « {} ».</translation>
    </message>
    <message>
        <source>Projet</source>
        <translation>Project</translation>
    </message>
    <message>
        <source>Projet non écrit : {} ({}).</source>
        <translation>Project not written: {} ({}).</translation>
    </message>
    <message>
        <source>Précision de la localisation</source>
        <translation>Location accuracy</translation>
    </message>
    <message>
        <source>Précision de la position</source>
        <translation>Position accuracy</translation>
    </message>
    <message>
        <source>Puissance (MW)</source>
        <translation>Power (MW)</translation>
    </message>
    <message>
        <source>Puissance installée (MW)</source>
        <translation>Installed capacity (MW)</translation>
    </message>
    <message>
        <source>Puits</source>
        <translation>Sink</translation>
    </message>
    <message>
        <source>Puits (bilan)</source>
        <translation>Sinks (balance)</translation>
    </message>
    <message>
        <source>Puits candidats par source (k plus proches)</source>
        <translation>Candidate sinks per source (k nearest)</translation>
    </message>
    <message>
        <source>Puits de chaleur (bilan)</source>
        <translation>Heat sinks (balance)</translation>
    </message>
    <message>
        <source>Puits de chaleur (points, lignes ou polygones)</source>
        <translation>Heat sinks (points, lines or polygons)</translation>
    </message>
    <message>
        <source>Puits desservis</source>
        <translation>Sinks supplied</translation>
    </message>
    <message>
        <source>Périmètre</source>
        <translation>Perimeter</translation>
    </message>
    <message>
        <source>Raccordement</source>
        <translation>Connection</translation>
    </message>
    <message>
        <source>Réseau d'hydrogène</source>
        <translation>Hydrogen network</translation>
    </message>
    <message>
        <source>Réseau de chaleur</source>
        <translation>Heat network</translation>
    </message>
    <message>
        <source>Réseau de transport de gaz</source>
        <translation>Gas transmission network</translation>
    </message>
    <message>
        <source>Réseau fluvial</source>
        <translation>Waterways</translation>
    </message>
    <message>
        <source>Réseau gaz</source>
        <translation>Gas network</translation>
    </message>
    <message>
        <source>Réseau hydrogène</source>
        <translation>Hydrogen network</translation>
    </message>
    <message>
        <source>Réseau routier</source>
        <translation>Road network</translation>
    </message>
    <message>
        <source>Réseau routier principal</source>
        <translation>Main road network</translation>
    </message>
    <message>
        <source>Réseau électrique (400 kV)</source>
        <translation>Power grid (400 kV)</translation>
    </message>
    <message>
        <source>Réseaux de chaleur</source>
        <translation>Heat networks</translation>
    </message>
    <message>
        <source>Résolution (points par pouce)</source>
        <translation>Resolution (dots per inch)</translation>
    </message>
    <message>
        <source>Résumé (JSON)</source>
        <translation>Summary (JSON)</translation>
    </message>
    <message>
        <source>Résumé de l'appariement</source>
        <translation>Summary of the matching</translation>
    </message>
    <message>
        <source>SIREN</source>
        <translation>SIREN</translation>
    </message>
    <message>
        <source>SIREN d'EPCI invalide dans le catalogue : « {} ».</source>
        <translation>Invalid EPCI SIREN in the catalogue: « {} ».</translation>
    </message>
    <message>
        <source>SIREN de l'EPCI</source>
        <translation>SIREN of the EPCI</translation>
    </message>
    <message>
        <source>STEP – chaleur fatale valorisable</source>
        <translation>Wastewater plants – recoverable waste heat</translation>
    </message>
    <message>
        <source>Secteur</source>
        <translation>Sector</translation>
    </message>
    <message>
        <source>Secteur non prévu</source>
        <translation>Unexpected sector</translation>
    </message>
    <message>
        <source>Secteur non publié</source>
        <translation>Sector not published</translation>
    </message>
    <message>
        <source>Site en service</source>
        <translation>Site in operation</translation>
    </message>
    <message>
        <source>Site fermé</source>
        <translation>Closed site</translation>
    </message>
    <message>
        <source>Solaire</source>
        <translation>Solar</translation>
    </message>
    <message>
        <source>Solveur HiGHS</source>
        <translation>HiGHS solver</translation>
    </message>
    <message>
        <source>Sortie : indiquez le chemin d'un fichier GeoPackage (.gpkg).</source>
        <translation>Output: give the path of a GeoPackage file (.gpkg).</translation>
    </message>
    <message>
        <source>Sortie « {} » : c'est un dossier. Indiquez un fichier GeoPackage, par exemple {}.</source>
        <translation>Output « {} »: this is a folder. Give a GeoPackage file, for instance {}.</translation>
    </message>
    <message>
        <source>Sortie « {} » : c'est un dossier. Indiquez un fichier GeoPackage.</source>
        <translation>Output « {} »: this is a folder. Give a GeoPackage file.</translation>
    </message>
    <message>
        <source>Sortie « {} » : impossible de créer le dossier {} ({}).</source>
        <translation>Output « {} »: cannot create the folder {} ({}).</translation>
    </message>
    <message>
        <source>Sortie « {} » : {} est un fichier, pas un dossier.</source>
        <translation>Output « {} »: {} is a file, not a folder.</translation>
    </message>
    <message>
        <source>Source</source>
        <translation>Source</translation>
    </message>
    <message>
        <source>Source de l'inventaire</source>
        <translation>Source of the inventory</translation>
    </message>
    <message>
        <source>Source non utilisée</source>
        <translation>Source not used</translation>
    </message>
    <message>
        <source>Source utilisée</source>
        <translation>Source used</translation>
    </message>
    <message>
        <source>Source « {} » : {}</source>
        <translation>Source « {} »: {}</translation>
    </message>
    <message>
        <source>Source « {} » : {} Couche non chargée.</source>
        <translation>Source « {} »: {} Layer not loaded.</translation>
    </message>
    <message>
        <source>Source « {} » : {} Le reste du territoire est chargé sans lui.</source>
        <translation>Source « {} »: {} The rest of the territory is loaded without it.</translation>
    </message>
    <message>
        <source>Source « {} » : {}.</source>
        <translation>Source « {} »: {}.</translation>
    </message>
    <message>
        <source>Source « {} » absente du catalogue.</source>
        <translation>Source « {} » not in the catalogue.</translation>
    </message>
    <message>
        <source>Sources (bilan)</source>
        <translation>Sources (balance)</translation>
    </message>
    <message>
        <source>Sources de chaleur (bilan)</source>
        <translation>Heat sources (balance)</translation>
    </message>
    <message>
        <source>Sources de chaleur (points)</source>
        <translation>Heat sources (points)</translation>
    </message>
    <message>
        <source>Sources utilisées</source>
        <translation>Sources used</translation>
    </message>
    <message>
        <source>Statut</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Statut (code)</source>
        <translation>Status (code)</translation>
    </message>
    <message>
        <source>Statut du solveur</source>
        <translation>Solver status</translation>
    </message>
    <message>
        <source>Stockage</source>
        <translation>Storage</translation>
    </message>
    <message>
        <source>Stockage d'électricité</source>
        <translation>Electricity storage</translation>
    </message>
    <message>
        <source>Style de la couche « {} » non enregistré dans {} : {}</source>
        <translation>Style of the layer « {} » not saved in {}: {}</translation>
    </message>
    <message>
        <source>Superficie (km²)</source>
        <translation>Area (km²)</translation>
    </message>
    <message>
        <source>Surface bâtie (m²)</source>
        <translation>Built-up area (m²)</translation>
    </message>
    <message>
        <source>Surface de l'unité foncière (ha)</source>
        <translation>Area of the land unit (ha)</translation>
    </message>
    <message>
        <source>Surface de l'unité foncière (m²)</source>
        <translation>Area of the land unit (m²)</translation>
    </message>
    <message>
        <source>Système de coordonnées {} inconnu ou sans définition : les données ne peuvent pas être reprojetées.</source>
        <translation>Coordinate reference system {} unknown or without definition: the data cannot be reprojected.</translation>
    </message>
    <message>
        <source>Système de coordonnées {} indisponible dans QGIS (définition vide ou inconnue) : rien n'est écrit sans lui. Relancez le chargement ; si l'erreur revient, redémarrez QGIS.</source>
        <translation>Coordinate reference system {} unavailable in QGIS (empty or unknown definition): nothing is written without it. Run the load again; if the error comes back, restart QGIS.</translation>
    </message>
    <message>
        <source>Table des sources inattendue.</source>
        <translation>Unexpected sources table.</translation>
    </message>
    <message>
        <source>Taille des consommateurs</source>
        <translation>Size of the consumers</translation>
    </message>
    <message>
        <source>Taux d'EnR&amp;R (%)</source>
        <translation>Share of renewable and recovered energy (%)</translation>
    </message>
    <message>
        <source>Taux d'actualisation (%/an, modèle pipe)</source>
        <translation>Discount rate (%/yr, pipe model)</translation>
    </message>
    <message>
        <source>Température (°C)</source>
        <translation>Temperature (°C)</translation>
    </message>
    <message>
        <source>Température de départ (°C)</source>
        <translation>Supply temperature (°C)</translation>
    </message>
    <message>
        <source>Température des sources (°C)</source>
        <translation>Temperature of the sources (°C)</translation>
    </message>
    <message>
        <source>Température moyenne (°C)</source>
        <translation>Mean temperature (°C)</translation>
    </message>
    <message>
        <source>Température requise par les puits (°C)</source>
        <translation>Temperature required by the sinks (°C)</translation>
    </message>
    <message>
        <source>Tension (kV)</source>
        <translation>Voltage (kV)</translation>
    </message>
    <message>
        <source>Territoire « {} » ambigu : {}.</source>
        <translation>Ambiguous territory « {} »: {}.</translation>
    </message>
    <message>
        <source>Territoire « {} » inconnu du catalogue ({} territoires).</source>
        <translation>Territory « {} » unknown to the catalogue ({} territories).</translation>
    </message>
    <message>
        <source>Territoire(s) : identifiants ANCT ou noms, séparés par des virgules, ou « tous »</source>
        <translation>Territory(ies): ANCT ids or names, separated by commas, or « tous »</translation>
    </message>
    <message>
        <source>Textile</source>
        <translation>Textiles</translation>
    </message>
    <message>
        <source>Thermique non renouvelable</source>
        <translation>Non-renewable thermal</translation>
    </message>
    <message>
        <source>Thème « {} » : aucune source branchée pour l'instant.</source>
        <translation>Theme « {} »: no source connected yet.</translation>
    </message>
    <message>
        <source>Thème(s) inconnu(s) : {}. Thèmes possibles : {}.</source>
        <translation>Unknown theme(s): {}. Possible themes: {}.</translation>
    </message>
    <message>
        <source>Transformation de WGS 84 (EPSG:4326) vers Lambert-93 (EPSG:2154) impossible dans QGIS : les coordonnées ne seraient pas converties. Relancez le chargement ; si l'erreur revient, redémarrez QGIS.</source>
        <translation>Transformation from WGS 84 (EPSG:4326) to Lambert-93 (EPSG:2154) impossible in QGIS: the coordinates would not be converted. Run the load again; if the error comes back, restart QGIS.</translation>
    </message>
    <message>
        <source>Transformation de {} vers {} impossible dans QGIS : les coordonnées ne seraient pas converties. Relancez le chargement ; si l'erreur revient, redémarrez QGIS.</source>
        <translation>Transformation from {} to {} impossible in QGIS: the coordinates would not be converted. Run the load again; if the error comes back, restart QGIS.</translation>
    </message>
    <message>
        <source>Trop de GeoPackages de {} dans {} : videz le cache.</source>
        <translation>Too many GeoPackages of {} in {}: empty the cache.</translation>
    </message>
    <message>
        <source>Trop de GeoPackages « {}-N.gpkg » dans {} : faites le tri ou choisissez un autre dossier.</source>
        <translation>Too many GeoPackages « {}-N.gpkg » in {}: tidy them up or choose another folder.</translation>
    </message>
    <message>
        <source>Trop de GeoPackages « {}-N.gpkg » dans {} : faites le tri.</source>
        <translation>Too many GeoPackages « {}-N.gpkg » in {}: tidy them up.</translation>
    </message>
    <message>
        <source>Type de friche</source>
        <translation>Type of brownfield</translation>
    </message>
    <message>
        <source>Type de membre</source>
        <translation>Type of member</translation>
    </message>
    <message>
        <source>Type de producteur</source>
        <translation>Type of producer</translation>
    </message>
    <message>
        <source>Type de site</source>
        <translation>Type of site</translation>
    </message>
    <message>
        <source>Type de station</source>
        <translation>Type of plant</translation>
    </message>
    <message>
        <source>Types de consommateurs</source>
        <translation>Types of consumers</translation>
    </message>
    <message>
        <source>Usage direct</source>
        <translation>Direct use</translation>
    </message>
    <message>
        <source>Valeur de la chaleur</source>
        <translation>Heat value</translation>
    </message>
    <message>
        <source>Valeur de la chaleur (€/MWh)</source>
        <translation>Heat value (€/MWh)</translation>
    </message>
    <message>
        <source>Valeur de la chaleur livrée (€/MWh)</source>
        <translation>Value of the heat delivered (€/MWh)</translation>
    </message>
    <message>
        <source>Valeur de la chaleur par puits (€/MWh)</source>
        <translation>Heat value per sink (€/MWh)</translation>
    </message>
    <message>
        <source>Valeur nette</source>
        <translation>Net value</translation>
    </message>
    <message>
        <source>Valeur nette (€/an)</source>
        <translation>Net value (€/yr)</translation>
    </message>
    <message>
        <source>Valeur non prévue</source>
        <translation>Unexpected value</translation>
    </message>
    <message>
        <source>Vocation dominante</source>
        <translation>Main use</translation>
    </message>
    <message>
        <source>Voies navigables</source>
        <translation>Waterways</translation>
    </message>
    <message>
        <source>Zonage d'urbanisme</source>
        <translation>Planning zone</translation>
    </message>
    <message>
        <source>adresse refusée « {} » : seules les adresses HTTPS sont autorisées.</source>
        <translation>address refused « {} »: only HTTPS addresses are allowed.</translation>
    </message>
    <message>
        <source>anneau de moins de 4 points</source>
        <translation>ring of fewer than 4 points</translation>
    </message>
    <message>
        <source>archive ZIP abîmée (membre « {} »)</source>
        <translation>damaged ZIP archive (member « {} »)</translation>
    </message>
    <message>
        <source>archive ZIP illisible : {}.</source>
        <translation>unreadable ZIP archive: {}.</translation>
    </message>
    <message>
        <source>archive ZIP illisible ou incomplète : {}</source>
        <translation>unreadable or incomplete ZIP archive: {}</translation>
    </message>
    <message>
        <source>aucun fichier CSV dans le catalogue Melodi de {}.</source>
        <translation>no CSV file in the Melodi catalogue of {}.</translation>
    </message>
    <message>
        <source>aucun fichier indiqué : cette couche n'a pas de source ouverte, indiquez votre fichier (clé « path ») dans le catalogue utilisateur.</source>
        <translation>no file given: this layer has no open source, give your file (key « path ») in the user catalogue.</translation>
    </message>
    <message>
        <source>aucun millésime connu pour le fichier de données {}.</source>
        <translation>no known vintage for the data file {}.</translation>
    </message>
    <message>
        <source>aucun puits candidat</source>
        <translation>no candidate sink</translation>
    </message>
    <message>
        <source>aucun puits à portée</source>
        <translation>no sink within reach</translation>
    </message>
    <message>
        <source>aucune commune dans la réponse</source>
        <translation>no municipality in the answer</translation>
    </message>
    <message>
        <source>aucune couche « {}… » dans le GetCapabilities du service.</source>
        <translation>no layer « {}… » in the GetCapabilities of the service.</translation>
    </message>
    <message>
        <source>aucune entité sur le territoire</source>
        <translation>no feature on the territory</translation>
    </message>
    <message>
        <source>aucune ligne communale pour l'année {} dans le fichier {}.</source>
        <translation>no municipal row for the year {} in the file {}.</translation>
    </message>
    <message>
        <source>aucune réponse pour les départements du territoire ({}).</source>
        <translation>no answer for the départements of the territory ({}).</translation>
    </message>
    <message>
        <source>aucune réponse pour les départements du territoire.</source>
        <translation>no answer for the départements of the territory.</translation>
    </message>
    <message>
        <source>aucune source candidate</source>
        <translation>no candidate source</translation>
    </message>
    <message>
        <source>aucune source à portée</source>
        <translation>no source within reach</translation>
    </message>
    <message>
        <source>authentification</source>
        <translation>authentication</translation>
    </message>
    <message>
        <source>cache</source>
        <translation>cache</translation>
    </message>
    <message>
        <source>champ(s) manquant(s) {} dans l'entité n° {}.</source>
        <translation>missing field(s) {} in feature no. {}.</translation>
    </message>
    <message>
        <source>chargée</source>
        <translation>loaded</translation>
    </message>
    <message>
        <source>chemin refusé dans l'archive : « {} ».</source>
        <translation>path refused in the archive: « {} ».</translation>
    </message>
    <message>
        <source>clé inconnue « sources.{}.{} »</source>
        <translation>unknown key « sources.{}.{} »</translation>
    </message>
    <message>
        <source>clé inconnue « {}.{} » (clés possibles : {})</source>
        <translation>unknown key « {}.{} » (possible keys: {})</translation>
    </message>
    <message>
        <source>colonne(s) absente(s) du CSV : {}</source>
        <translation>column(s) missing from the CSV: {}</translation>
    </message>
    <message>
        <source>colonne(s) absente(s) du fichier de données : {}</source>
        <translation>column(s) missing from the data file: {}</translation>
    </message>
    <message>
        <source>colonnes manquantes dans la liste des EPCI : {}.</source>
        <translation>columns missing from the EPCI list: {}.</translation>
    </message>
    <message>
        <source>commune sans code, sans nom ou sans contour dans la réponse</source>
        <translation>municipality without a code, a name or an outline in the answer</translation>
    </message>
    <message>
        <source>configuration d'authentification « {} » inutilisable</source>
        <translation>authentication configuration « {} » unusable</translation>
    </message>
    <message>
        <source>connecteur « {} » inconnu.</source>
        <translation>unknown connector « {} ».</translation>
    </message>
    <message>
        <source>contour vide pour la commune {}.</source>
        <translation>empty outline for the municipality {}.</translation>
    </message>
    <message>
        <source>coordonnées absentes</source>
        <translation>missing coordinates</translation>
    </message>
    <message>
        <source>copie ancienne</source>
        <translation>older copy</translation>
    </message>
    <message>
        <source>correspondance NAF du catalogue : division « {} » hors de 10–33.</source>
        <translation>NAF mapping of the catalogue: division « {} » outside 10–33.</translation>
    </message>
    <message>
        <source>correspondance NAF du catalogue : secteur « {} » inconnu pour la division {} (secteurs possibles : {}).</source>
        <translation>NAF mapping of the catalogue: unknown sector « {} » for the division {} (possible sectors: {}).</translation>
    </message>
    <message>
        <source>couche « {} » absente du service {}.</source>
        <translation>layer « {} » missing from the service {}.</translation>
    </message>
    <message>
        <source>coût supérieur à la valeur de la chaleur</source>
        <translation>cost above the value of the heat</translation>
    </message>
    <message>
        <source>desservi</source>
        <translation>supplied</translation>
    </message>
    <message>
        <source>données invalides : besoin manquant</source>
        <translation>invalid data: missing need</translation>
    </message>
    <message>
        <source>données invalides : besoin négatif</source>
        <translation>invalid data: negative need</translation>
    </message>
    <message>
        <source>données invalides : géométrie vide</source>
        <translation>invalid data: empty geometry</translation>
    </message>
    <message>
        <source>données invalides : reprojection impossible</source>
        <translation>invalid data: reprojection impossible</translation>
    </message>
    <message>
        <source>données invalides : température manquante</source>
        <translation>invalid data: missing temperature</translation>
    </message>
    <message>
        <source>données invalides : énergie manquante</source>
        <translation>invalid data: missing energy</translation>
    </message>
    <message>
        <source>données invalides : énergie négative</source>
        <translation>invalid data: negative energy</translation>
    </message>
    <message>
        <source>département {} : plus de {} pages, lecture arrêtée (réponse tronquée).</source>
        <translation>département {}: more than {} pages, reading stopped (truncated answer).</translation>
    </message>
    <message>
        <source>département {} sans réponse ({})</source>
        <translation>département {} without an answer ({})</translation>
    </message>
    <message>
        <source>département {} sans réponse ({}).</source>
        <translation>département {} without an answer ({}).</translation>
    </message>
    <message>
        <source>erreur inattendue (le détail est dans le journal des messages, onglet « TI Énergie »).</source>
        <translation>unexpected error (the details are in the message log, « TI Énergie » tab).</translation>
    </message>
    <message>
        <source>fichier CSV : indiquez les colonnes de coordonnées (x_field et y_field) ou wkt_field dans le catalogue.</source>
        <translation>CSV file: give the coordinate columns (x_field and y_field) or wkt_field in the catalogue.</translation>
    </message>
    <message>
        <source>fichier CSV incomplet : la dernière ligne n'a que {} colonne(s) sur {} (téléchargement interrompu)</source>
        <translation>incomplete CSV file: the last row has only {} column(s) out of {} (download interrupted)</translation>
    </message>
    <message>
        <source>fichier CSV vide</source>
        <translation>empty CSV file</translation>
    </message>
    <message>
        <source>fichier INSEE {} illisible : {}.</source>
        <translation>INSEE file {} unreadable: {}.</translation>
    </message>
    <message>
        <source>fichier introuvable : {}.</source>
        <translation>file not found: {}.</translation>
    </message>
    <message>
        <source>fichier plus gros que la taille admise ({} Mo)</source>
        <translation>file larger than the allowed size ({} MB)</translation>
    </message>
    <message>
        <source>fichier {} introuvable : fichier désigné par le catalogue Melodi de {} utilisé.</source>
        <translation>file {} not found: the file named by the Melodi catalogue of {} is used.</translation>
    </message>
    <message>
        <source>fichier « …_data.csv » absent de l'archive</source>
        <translation>file « …_data.csv » missing from the archive</translation>
    </message>
    <message>
        <source>fichier à fournir</source>
        <translation>file to provide</translation>
    </message>
    <message>
        <source>géométrie absente</source>
        <translation>missing geometry</translation>
    </message>
    <message>
        <source>géométrie illisible pour l'entité n° {} : {}.</source>
        <translation>unreadable geometry for feature no. {}: {}.</translation>
    </message>
    <message>
        <source>impossible d'indexer « {} » : {}</source>
        <translation>cannot index « {} »: {}</translation>
    </message>
    <message>
        <source>incomplète</source>
        <translation>incomplete</translation>
    </message>
    <message>
        <source>k plus proches</source>
        <translation>k nearest</translation>
    </message>
    <message>
        <source>la liste des EPCI ne contient aucun territoire.</source>
        <translation>the EPCI list contains no territory.</translation>
    </message>
    <message>
        <source>la partie ne produit pas de points.</source>
        <translation>the part produces no points.</translation>
    </message>
    <message>
        <source>la source n'a pas répondu, copie en cache utilisée</source>
        <translation>the source did not answer, cached copy used</translation>
    </message>
    <message>
        <source>la source « {} » doit être un dictionnaire (clé: valeur), pas {!r}</source>
        <translation>the source « {} » must be a dictionary (key: value), not {!r}</translation>
    </message>
    <message>
        <source>le catalogue doit dire l'énergie de la source (energie: Gaz ou Électricité).</source>
        <translation>the catalogue must give the energy of the source (energie: Gaz or Électricité).</translation>
    </message>
    <message>
        <source>le catalogue n'indique pas la couche (raster_layer).</source>
        <translation>the catalogue does not give the layer (raster_layer).</translation>
    </message>
    <message>
        <source>le catalogue n'indique pas le jeu de données Melodi (dataset).</source>
        <translation>the catalogue does not give the Melodi dataset (dataset).</translation>
    </message>
    <message>
        <source>le catalogue ne dit ni le fichier de données (rid) ni les mots de son titre (title_words).</source>
        <translation>the catalogue gives neither the data file (rid) nor the words of its title (title_words).</translation>
    </message>
    <message>
        <source>le catalogue ne décrit aucun champ pour cette source.</source>
        <translation>the catalogue describes no field for this source.</translation>
    </message>
    <message>
        <source>le catalogue ne décrit aucune somme pour cette source.</source>
        <translation>the catalogue describes no sum for this source.</translation>
    </message>
    <message>
        <source>le catalogue ne nomme aucune partie (clé parts).</source>
        <translation>the catalogue names no part (key parts).</translation>
    </message>
    <message>
        <source>le catalogue ne nomme aucune partie (parts).</source>
        <translation>the catalogue names no part (parts).</translation>
    </message>
    <message>
        <source>le dossier {} ne porte pas la marque du cache TI Énergie ; rien n'a été supprimé.</source>
        <translation>the folder {} does not carry the mark of the TI Énergie cache; nothing was deleted.</translation>
    </message>
    <message>
        <source>le service a plafonné sa réponse : {} entités reçues sur {} annoncées.</source>
        <translation>the service capped its answer: {} features received out of {} announced.</translation>
    </message>
    <message>
        <source>le service a répondu par une exception : {}</source>
        <translation>the service answered with an exception: {}</translation>
    </message>
    <message>
        <source>le territoire « {} » n'a aucun EPCI dans le catalogue.</source>
        <translation>the territory « {} » has no EPCI in the catalogue.</translation>
    </message>
    <message>
        <source>linear : €/MWh/km (criblage)</source>
        <translation>linear: €/MWh/km (screening)</translation>
    </message>
    <message>
        <source>manque : {}</source>
        <translation>missing: {}</translation>
    </message>
    <message>
        <source>modifié par les référents, lu sans être réécrit</source>
        <translation>modified by the referents, read without being rewritten</translation>
    </message>
    <message>
        <source>modèle créé, à compléter</source>
        <translation>template created, to be completed</translation>
    </message>
    <message>
        <source>modèle non modifié</source>
        <translation>template not modified</translation>
    </message>
    <message>
        <source>modèle non modifié, actualisé</source>
        <translation>template not modified, updated</translation>
    </message>
    <message>
        <source>non desservi</source>
        <translation>not supplied</translation>
    </message>
    <message>
        <source>non desservi (sources utilisées ailleurs)</source>
        <translation>not supplied (sources used elsewhere)</translation>
    </message>
    <message>
        <source>non retenue (puits servis par de meilleures sources)</source>
        <translation>not kept (sinks served by better sources)</translation>
    </message>
    <message>
        <source>partie non chargée, la couche est incomplète : {}</source>
        <translation>part not loaded, the layer is incomplete: {}</translation>
    </message>
    <message>
        <source>partie « {} » absente du catalogue ou sans connecteur connu.</source>
        <translation>part « {} » missing from the catalogue or without a known connector.</translation>
    </message>
    <message>
        <source>partie « {} » absente du catalogue.</source>
        <translation>part « {} » missing from the catalogue.</translation>
    </message>
    <message>
        <source>partie « {} » indisponible : erreur inattendue (le détail est dans le journal des messages, onglet « TI Énergie »).</source>
        <translation>part « {} » unavailable: unexpected error (the details are in the message log, « TI Énergie » tab).</translation>
    </message>
    <message>
        <source>partie « {} » indisponible : {}</source>
        <translation>part « {} » unavailable: {}</translation>
    </message>
    <message>
        <source>pipe : tuyau annualisé + pertes</source>
        <translation>pipe: annualised pipe + losses</translation>
    </message>
    <message>
        <source>plus de {} pages : réponse tronquée à {} entités.</source>
        <translation>more than {} pages: answer truncated to {} features.</translation>
    </message>
    <message>
        <source>plus de {} pages, réponse tronquée.</source>
        <translation>more than {} pages, truncated answer.</translation>
    </message>
    <message>
        <source>polygone vide</source>
        <translation>empty polygon</translation>
    </message>
    <message>
        <source>positions précises non appliquées : {}</source>
        <translation>exact positions not applied: {}</translation>
    </message>
    <message>
        <source>puits</source>
        <translation>sinks</translation>
    </message>
    <message>
        <source>redirection refusée vers une adresse non sécurisée « {} » (seules les adresses HTTPS sont autorisées).</source>
        <translation>redirection refused to an insecure address « {} » (only HTTPS addresses are allowed).</translation>
    </message>
    <message>
        <source>redirection refusée vers une adresse non sécurisée « {} ».</source>
        <translation>redirection refused to an insecure address « {} ».</translation>
    </message>
    <message>
        <source>ressource « {} » introuvable dans le jeu de données.</source>
        <translation>resource « {} » not found in the dataset.</translation>
    </message>
    <message>
        <source>réponse XML illisible ou incomplète</source>
        <translation>unreadable or incomplete XML answer</translation>
    </message>
    <message>
        <source>réponse illisible (encodage inattendu)</source>
        <translation>unreadable answer (unexpected encoding)</translation>
    </message>
    <message>
        <source>réponse illisible ou incomplète (JSON invalide : {})</source>
        <translation>unreadable or incomplete answer (invalid JSON: {})</translation>
    </message>
    <message>
        <source>réponse illisible{} (JSON invalide) : {}.</source>
        <translation>unreadable answer{} (invalid JSON): {}.</translation>
    </message>
    <message>
        <source>réponse inattendue : liste « data » absente.</source>
        <translation>unexpected answer: list « data » missing.</translation>
    </message>
    <message>
        <source>réponse inattendue : liste « observations » absente.</source>
        <translation>unexpected answer: list « observations » missing.</translation>
    </message>
    <message>
        <source>réponse inattendue : un objet JSON était attendu</source>
        <translation>unexpected answer: a JSON object was expected</translation>
    </message>
    <message>
        <source>réponse inattendue : une FeatureCollection GeoJSON de {} était attendue.</source>
        <translation>unexpected answer: a GeoJSON FeatureCollection of {} was expected.</translation>
    </message>
    <message>
        <source>réponse inattendue : une FeatureCollection GeoJSON était attendue</source>
        <translation>unexpected answer: a GeoJSON FeatureCollection was expected</translation>
    </message>
    <message>
        <source>réponse inattendue : une liste JSON était attendue</source>
        <translation>unexpected answer: a JSON list was expected</translation>
    </message>
    <message>
        <source>réponse inattendue de l'API data.gouv.fr : liste « resources » absente.</source>
        <translation>unexpected answer of the data.gouv.fr API: list « resources » missing.</translation>
    </message>
    <message>
        <source>réponse inattendue du catalogue DiDo : liste « data » absente.</source>
        <translation>unexpected answer of the DiDo catalogue: list « data » missing.</translation>
    </message>
    <message>
        <source>réponse incomplète : les entités à partir de la n° {} manquent ({})</source>
        <translation>incomplete answer: the features from no. {} on are missing ({})</translation>
    </message>
    <message>
        <source>réponse incomplète, {} commune(s) manquante(s) : {}{} ({})</source>
        <translation>incomplete answer, {} municipality(ies) missing: {}{} ({})</translation>
    </message>
    <message>
        <source>réponse invalide après téléchargement.</source>
        <translation>invalid answer after download.</translation>
    </message>
    <message>
        <source>réponse sans nom d'EPCI</source>
        <translation>answer without the name of the EPCI</translation>
    </message>
    <message>
        <source>sources</source>
        <translation>sources</translation>
    </message>
    <message>
        <source>système de coordonnées inconnu : {}.</source>
        <translation>unknown coordinate reference system: {}.</translation>
    </message>
    <message>
        <source>système de coordonnées inconnu pour {} : indiquez-le dans le catalogue (crs: EPSG:2154 par exemple).</source>
        <translation>unknown coordinate reference system for {}: give it in the catalogue (crs: EPSG:2154 for instance).</translation>
    </message>
    <message>
        <source>table NAF illisible ({}) : {}.</source>
        <translation>unreadable NAF table ({}): {}.</translation>
    </message>
    <message>
        <source>table des postes de RTE indisponible, postes sans nom ni code RTE : {}</source>
        <translation>RTE substations table unavailable, substations without a name or an RTE code: {}</translation>
    </message>
    <message>
        <source>température insuffisante</source>
        <translation>temperature too low</translation>
    </message>
    <message>
        <source>type de champ inconnu dans le catalogue : {}: {}.</source>
        <translation>unknown field type in the catalogue: {}: {}.</translation>
    </message>
    <message>
        <source>type de géométrie non pris en charge : {}</source>
        <translation>geometry type not supported: {}</translation>
    </message>
    <message>
        <source>usage direct</source>
        <translation>direct use</translation>
    </message>
    <message>
        <source>utilisée</source>
        <translation>used</translation>
    </message>
    <message>
        <source>vide</source>
        <translation>empty</translation>
    </message>
    <message>
        <source>{} (dont {} avec PAC, {} en usage direct)</source>
        <translation>{} (of which {} with a heat pump, {} in direct use)</translation>
    </message>
    <message>
        <source>{} : chargement des données des cartes</source>
        <translation>{}: loading the data of the maps</translation>
    </message>
    <message>
        <source>{} : clé « {}.{} » inconnue, ignorée (clés : {}).</source>
        <translation>{}: unknown key « {}.{} », ignored (keys: {}).</translation>
    </message>
    <message>
        <source>{} : colonnes « naf2 » et « secteur » attendues (lu : {}).</source>
        <translation>{}: columns « naf2 » and « secteur » expected (read: {}).</translation>
    </message>
    <message>
        <source>{} : division(s) {} absente(s) (une ligne par division 10–33).</source>
        <translation>{}: division(s) {} missing (one row per division 10–33).</translation>
    </message>
    <message>
        <source>{} : données de {}</source>
        <translation>{}: data of {}</translation>
    </message>
    <message>
        <source>{} : fichier vide.</source>
        <translation>{}: empty file.</translation>
    </message>
    <message>
        <source>{} : impossible d'écrire dans le dossier {} ({}).</source>
        <translation>{}: cannot write in the folder {} ({}).</translation>
    </message>
    <message>
        <source>{} : rubrique « {} » inconnue, ignorée (rubriques : {}).</source>
        <translation>{}: unknown section « {} », ignored (sections: {}).</translation>
    </message>
    <message>
        <source>{} : {} – {} ({})</source>
        <translation>{}: {} – {} ({})</translation>
    </message>
    <message>
        <source>{} : « {} » devrait contenir des clés ({}), ignorée.</source>
        <translation>{}: « {} » should contain keys ({}), ignored.</translation>
    </message>
    <message>
        <source>{} IRIS comptent plusieurs sites raccordés au réseau de transport ({} MWh en {}) : leur somme ne localise aucun site, ils ne sont pas représentés.</source>
        <translation>{} IRIS areas have several sites connected to the transmission network ({} MWh in {}): their sum locates no site, they are not shown.</translation>
    </message>
    <message>
        <source>{} MWh/an</source>
        <translation>{} MWh/yr</translation>
    </message>
    <message>
        <source>{} MWh/an, soit {} % du besoin</source>
        <translation>{} MWh/yr, i.e. {} % of the need</translation>
    </message>
    <message>
        <source>{} Nom et population de l'EPCI {} déduits de ses communes.</source>
        <translation>{} Name and population of the EPCI {} deduced from its municipalities.</translation>
    </message>
    <message>
        <source>{} adresse(s) sans coordonnées placée(s) dans leur commune (précision « commune »).</source>
        <translation>{} address(es) without coordinates placed in their municipality (accuracy « commune »).</translation>
    </message>
    <message>
        <source>{} illisible ({}) : le fichier doit être enregistré en UTF-8 (octet {} : {}).</source>
        <translation>{} unreadable ({}): the file must be saved as UTF-8 (byte {}: {}).</translation>
    </message>
    <message>
        <source>{} illisible ({}) : {}.</source>
        <translation>{} unreadable ({}): {}.</translation>
    </message>
    <message>
        <source>{} invalide ({}) : un dictionnaire YAML est attendu.</source>
        <translation>{} invalid ({}): a YAML dictionary is expected.</translation>
    </message>
    <message>
        <source>{} invalide ({}) : {}.</source>
        <translation>{} invalid ({}): {}.</translation>
    </message>
    <message>
        <source>{} source(s) et {} puits ignorés (énergie manquante ou négative, température nulle, géométrie vide) : voir le champ « status » des sorties.</source>
        <translation>{} source(s) and {} sink(s) skipped (missing or negative energy, no temperature, empty geometry): see the « status » field of the outputs.</translation>
    </message>
    <message>
        <source>{} source(s), {} puits</source>
        <translation>{} source(s), {} sink(s)</translation>
    </message>
    <message>
        <source>{} sources et {} puits valides ; recherche des liens candidats…</source>
        <translation>{} sources and {} sinks valid; searching the candidate links…</translation>
    </message>
    <message>
        <source>{} sur {}</source>
        <translation>{} of {}</translation>
    </message>
    <message>
        <source>{} valeur(s) illisible(s) mise(s) à NULL (« {} »…).</source>
        <translation>{} unreadable value(s) set to NULL (« {} »…).</translation>
    </message>
    <message>
        <source>{} €/an</source>
        <translation>{} €/yr</translation>
    </message>
    <message>
        <source>{} €/an pour {} MWh/an livrés</source>
        <translation>{} €/yr for {} MWh/yr delivered</translation>
    </message>
    <message>
        <source>{}, ligne {} : division {} répétée.</source>
        <translation>{}, row {}: division {} repeated.</translation>
    </message>
    <message>
        <source>{}, ligne {} : division « {} » hors de 10–33.</source>
        <translation>{}, row {}: division « {} » outside 10–33.</translation>
    </message>
    <message>
        <source>{}, ligne {} : secteur « {} » inconnu (secteurs possibles : {}).</source>
        <translation>{}, row {}: unknown sector « {} » (possible sectors: {}).</translation>
    </message>
    <message>
        <source>« sources » doit être un dictionnaire de sources</source>
        <translation>« sources » must be a dictionary of sources</translation>
    </message>
    <message>
        <source>« sources.{}.connector » : connecteur « {} » inconnu (connecteurs possibles : {})</source>
        <translation>« sources.{}.connector »: unknown connector « {} » (possible connectors: {})</translation>
    </message>
    <message>
        <source>« sources.{}.fields.{} » : type « {} » inconnu (types possibles : {})</source>
        <translation>« sources.{}.fields.{} »: unknown type « {} » (possible types: {})</translation>
    </message>
    <message>
        <source>« sources.{}.geometry » doit être l'une de : {}</source>
        <translation>« sources.{}.geometry » must be one of: {}</translation>
    </message>
    <message>
        <source>« sources.{}.on_incomplete » doit valoir keep ou drop</source>
        <translation>« sources.{}.on_incomplete » must be keep or drop</translation>
    </message>
    <message>
        <source>« sources.{}.state » doit être l'un de : {}</source>
        <translation>« sources.{}.state » must be one of: {}</translation>
    </message>
    <message>
        <source>« sources.{}.url » : seules les adresses HTTPS sont autorisées (HTTP uniquement vers la machine locale), lu : {!r}</source>
        <translation>« sources.{}.url »: only HTTPS addresses are allowed (HTTP only to the local machine), read: {!r}</translation>
    </message>
    <message>
        <source>« {} » absent de l'archive.</source>
        <translation>« {} » missing from the archive.</translation>
    </message>
    <message>
        <source>« {} » doit être un dictionnaire</source>
        <translation>« {} » must be a dictionary</translation>
    </message>
    <message>
        <source>« {} » doit être {} (valeur lue : {!r})</source>
        <translation>« {} » must be {} (value read: {!r})</translation>
    </message>
    <message>
        <source>« {} » dépasse la taille admise ({} Mo).</source>
        <translation>« {} » exceeds the allowed size ({} MB).</translation>
    </message>
    <message>
        <source>« {} » illisible dans l'archive.</source>
        <translation>« {} » unreadable in the archive.</translation>
    </message>
    <message>
        <source>« {} » n'a pas de système de coordonnées.</source>
        <translation>« {} » has no coordinate reference system.</translation>
    </message>
    <message>
        <source>« {}.{} » doit valoir au moins {}</source>
        <translation>« {}.{} » must be at least {}</translation>
    </message>
    <message>
        <source>Écart de température minimal ΔT (K)</source>
        <translation>Minimum temperature difference ΔT (K)</translation>
    </message>
    <message>
        <source>Écart de température ΔT</source>
        <translation>Temperature difference ΔT</translation>
    </message>
    <message>
        <source>Écrit la fiche « sous-bassin » d'un Territoire d'industrie en PDF (A4) : couverture et sommaire, 1. portrait (population, superficie, communes, EPCI, emploi industriel et graphique des secteurs, logistique), 2. caractéristiques énergétiques (grands consommateurs, puissance installée par type, réseaux de chaleur, biométhane, puis les quatre cartes avec légende, échelle et sources), 3. attractivité (friches, décarbonation, avantages compétitifs), 4. vulnérabilités (à venir), 5. recommandations (forces, faiblesses, opportunités, menaces, synergies, appariement de chaleur), et la page des sources (producteur, licence, adresse, millésime de chaque couche).

TERRITORY : identifiants ANCT ou noms séparés par des virgules, ou « tous ». DATA : le GeoPackage d'un territoire (écrit par « Charger un Territoire d'industrie ») ; sinon DATA_FOLDER, sinon le cache de TI Énergie, complété par un chargement quand des couches y manquent.
TEXTS : le fichier YAML des textes des référents (TEXTS_FOLDER : un dossier de fichiers fiche-&lt;territoire&gt;-textes.yaml, pour plusieurs territoires) ; par défaut à côté du PDF. Le premier export écrit un modèle prérempli des chiffres calculés ; un fichier modifié n'est jamais réécrit (les faits nouveaux vont dans un fichier de suggestions daté).
OUTPUT : le PDF ; pour plusieurs territoires, un dossier (fiche-&lt;territoire&gt;.pdf). Un territoire en échec n'arrête pas les autres : la fin du journal dit lesquels et pourquoi.</source>
        <translation>Writes the « sub-basin » fiche of a Territoire d'industrie as a PDF (A4): cover and contents, 1. portrait (population, area, municipalities, EPCI, industrial employment and chart of the sectors, logistics), 2. energy characteristics (large consumers, installed capacity by type, heat networks, biomethane, then the four maps with legend, scale and sources), 3. attractiveness (brownfields, decarbonisation, competitive advantages), 4. vulnerabilities (to come), 5. recommendations (strengths, weaknesses, opportunities, threats, synergies, heat matching), and the sources page (producer, licence, address, vintage of each layer). The fiche itself is in French.

TERRITORY: ANCT ids or names separated by commas, or « tous ». DATA: the GeoPackage of a territory (written by « Load a Territoire d'industrie »); else DATA_FOLDER, else the TI Énergie cache, completed by a load when layers are missing there.
TEXTS: the YAML file of the referents' texts (TEXTS_FOLDER: a folder of fiche-&lt;territory&gt;-textes.yaml files, for several territories); by default next to the PDF. The first export writes a template filled in with the computed figures; a modified file is never rewritten (new facts go into a dated suggestions file).
OUTPUT: the PDF; for several territories, a folder (fiche-&lt;territory&gt;.pdf). A territory that fails does not stop the others: the end of the log says which ones and why.</translation>
    </message>
    <message>
        <source>Écriture impossible dans la couche « {} » : {}</source>
        <translation>Cannot write into the layer « {} »: {}</translation>
    </message>
    <message>
        <source>Écriture impossible de la couche « {} » dans {} : {}</source>
        <translation>Cannot write the layer « {} » into {}: {}</translation>
    </message>
    <message>
        <source>Électricité</source>
        <translation>Electricity</translation>
    </message>
    <message>
        <source>Électricité de la PAC (MWh/an)</source>
        <translation>Heat pump electricity (MWh/yr)</translation>
    </message>
    <message>
        <source>Électricité des PAC</source>
        <translation>Heat pump electricity</translation>
    </message>
    <message>
        <source>Énergie</source>
        <translation>Energy</translation>
    </message>
    <message>
        <source>Énergie (GWh/an)</source>
        <translation>Energy (GWh/yr)</translation>
    </message>
    <message>
        <source>Énergie disponible</source>
        <translation>Available energy</translation>
    </message>
    <message>
        <source>Énergie disponible (MWh/an)</source>
        <translation>Available energy (MWh/yr)</translation>
    </message>
    <message>
        <source>Énergie disponible (sources)</source>
        <translation>Available energy (sources)</translation>
    </message>
    <message>
        <source>Énergie livrée</source>
        <translation>Energy delivered</translation>
    </message>
    <message>
        <source>Énergie livrée (MWh/an)</source>
        <translation>Energy delivered (MWh/yr)</translation>
    </message>
    <message>
        <source>Énergie livrée par mois (MWh, janvier → décembre)</source>
        <translation>Energy delivered per month (MWh, January → December)</translation>
    </message>
    <message>
        <source>Énergie non utilisée (MWh/an)</source>
        <translation>Unused energy (MWh/yr)</translation>
    </message>
    <message>
        <source>Énergie produite sur un an (GWh)</source>
        <translation>Energy produced over a year (GWh)</translation>
    </message>
    <message>
        <source>Énergie reçue (MWh/an)</source>
        <translation>Energy received (MWh/yr)</translation>
    </message>
    <message>
        <source>Énergie utilisée (MWh/an)</source>
        <translation>Energy used (MWh/yr)</translation>
    </message>
    <message>
        <source>Énergies marines</source>
        <translation>Marine energy</translation>
    </message>
    <message>
        <source>Éolien</source>
        <translation>Wind power</translation>
    </message>
    <message>
        <source>Établissements et effectifs salariés (INSEE Flores)</source>
        <translation>Establishments and employees (INSEE Flores)</translation>
    </message>
    <message>
        <source>État</source>
        <translation>State</translation>
    </message>
    <message>
        <source>échec</source>
        <translation>failed</translation>
    </message>
    <message>
        <source>≥ 60 GWh/an</source>
        <translation>≥ 60 GWh/yr</translation>
    </message>
    <message>
        <source>{} : {}</source>
        <translation>{}: {}</translation>
    </message>
    <message>
        <source>Projet pas encore enregistré : données enregistrées dans le dossier choisi ({}).</source>
        <translation>Project not saved yet: data saved in the chosen folder ({}).</translation>
    </message>
    <message>
        <source>Projet pas encore enregistré et aucun dossier choisi.</source>
        <translation>Project not saved yet and no folder chosen.</translation>
    </message>
    <message>
        <source>Style non enregistré dans le GeoPackage : {}.</source>
        <translation>Style not saved in the GeoPackage: {}.</translation>
    </message>
    <message>
        <source>aucune</source>
        <translation>none</translation>
    </message>
    <message>
        <source>colonne(s) absente(s) de {} : {} (colonnes du fichier : {}).</source>
        <translation>column(s) missing from {}: {} (columns of the file: {}).</translation>
    </message>
    <message>
        <source>colonne(s) absente(s) de {} : {} (laissées vides).</source>
        <translation>column(s) missing from {}: {} (left empty).</translation>
    </message>
    <message>
        <source>fichier illisible : {} (couche « {} »).</source>
        <translation>unreadable file: {} (layer « {} »).</translation>
    </message>
    <message>
        <source>fichier illisible : {}.</source>
        <translation>unreadable file: {}.</translation>
    </message>
    <message>
        <source>{} : chargement impossible ({}) ; données du cache ({}) utilisées.</source>
        <translation>{}: load impossible ({}); data of the cache ({}) used.</translation>
    </message>
    <message>
        <source>{} : couches absentes du cache ({}), chargement des données</source>
        <translation>{}: layers missing from the cache ({}), loading the data</translation>
    </message>
    <message>
        <source>{} : données du cache ({}).</source>
        <translation>{}: data of the cache ({}).</translation>
    </message>
    <message>
        <source>{} : pas de données en cache, chargement</source>
        <translation>{}: no data in the cache, loading</translation>
    </message>
    <message>
        <source>{} entité(s) d'un autre type de géométrie que « {} » ignorée(s)</source>
        <translation>{} feature(s) of another geometry type than « {} » skipped</translation>
    </message>
    <message>
        <source>{} entité(s) impossibles à reprojeter ignorée(s)</source>
        <translation>{} feature(s) impossible to reproject skipped</translation>
    </message>
    <message>
        <source>{} entité(s) sans géométrie exploitable ignorée(s)</source>
        <translation>{} feature(s) without a usable geometry skipped</translation>
    </message>
    <message>
        <source>{} géométrie(s) invalide(s) corrigée(s)</source>
        <translation>{} invalid geometry(ies) fixed</translation>
    </message>
    <message>
        <source>{} n'a pas été remplacé (fichier qui n'a pas été écrit par TI Énergie pour ce projet, ou lu par d'autres couches) : données enregistrées dans {}.</source>
        <translation>{} was not replaced (a file not written by TI Énergie for this project, or read by other layers): data saved in {}.</translation>
    </message>
    <message>
        <source>{} valeur(s) illisible(s) du champ {} mise(s) à NULL ({})</source>
        <translation>{} unreadable value(s) of the field {} set to NULL ({})</translation>
    </message>
    <message>
        <source>{} valeur(s) non diffusée(s) ou non renseignée(s) du champ {} mise(s) à NULL ({})</source>
        <translation>{} withheld or missing value(s) of the field {} set to NULL ({})</translation>
    </message>
    <message>
        <source>service injoignable au moment d'ajouter la couche (hors ligne ?) : couche non ajoutée</source>
        <translation>service unreachable when adding the layer (offline?): layer not added</translation>
    </message>
</context>
</TS>
