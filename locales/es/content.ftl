content-whats-new = Novedades
content-published-by = Publicado por { $source }
content-notice-missing = Esta página todavía no está traducida al español; por eso se muestra en inglés.
content-notice-outdated = La versión en inglés de esta página cambió después de esta traducción; puede que no esté al día.
content-in-other-language = En inglés
content-working-groups-list = Los tres grupos de trabajo
content-search-title = Buscar
content-search-results-title = Buscar: { $query }
content-search-label = Palabras que buscar en este sitio
content-search-hint = No importan las tildes ni las mayúsculas: «mision» también encuentra «misión».
content-search-count = { $count ->
    [one] Una página coincide con «{ $query }»:
   *[other] { $count } páginas coinciden con «{ $query }», las más pertinentes primero:
}
content-search-none = Ninguna página coincide con «{ $query }».
content-search-none-hint = Pruebe con menos palabras, con el comienzo de una palabra («organiz» encuentra «organización» y «organizaciones») o consulte el menú de arriba.
content-search-other-language = Buscar «{ $query }» en las páginas en inglés
