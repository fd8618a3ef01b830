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
</context>
</TS>
