# Segmentos (filtros guardados de la lista de Amigos) y la exportación a CSV.
segments-title = Segmentos
segments-intro = Un segmento es un conjunto de filtros guardado con un nombre. Al abrirlo muestra a quienes cumplen los filtros en ese momento; la exportación y, más adelante, el boletín usan los segmentos por su nombre.
segments-panel-title = Segmentos
segments-save-name = Guardar estos filtros como segmento
segments-save-hint = Póngales un nombre, por ejemplo «Delegación 2026» o «Boletín en inglés».
segments-save-submit = Guardar segmento
segments-error-name-required = Por favor, póngale un nombre al segmento.
segments-error-name-taken = Ya hay un segmento con este nombre. Por favor, elija otro.
segments-none = Todavía no hay segmentos. Filtre la lista de Amigos y guarde los filtros como segmento.
segments-manage = Cambiar el nombre o borrar segmentos
segments-name = Nombre
segments-open = Mostrar
segments-export = Exportar
segments-rename-label = Nuevo nombre para «{ $name }»
segments-rename-submit = Cambiar nombre
segments-delete = Borrar
segments-delete-hint = Borrar un segmento solo borra los filtros guardados, nunca a las personas que están en él.
segments-showing = Segmento: { $name }
segments-all-friends = Todos los Amigos
segments-export-title = Exportar a una hoja de cálculo
segments-export-intro = Un archivo CSV en UTF-8 que Excel, LibreOffice y Google Sheets abren con las tildes intactas. Contiene datos personales: guárdelo con cuidado y bórrelo cuando termine. Cada exportación queda en el registro de actividad.
segments-export-what-segment = Segmento «{ $name }»: { $count ->
    [0] nadie por ahora.
    [one] 1 persona.
   *[other] { $count } personas.
}
segments-export-what-filter = Los Amigos que cumplen los filtros actuales: { $count ->
    [0] nadie.
    [one] 1 persona.
   *[other] { $count } personas.
}
segments-export-what-all = Todos los Amigos: { $count ->
    [0] nadie todavía.
    [one] 1 persona.
   *[other] { $count } personas.
}
segments-export-change-filters = Cambiar los filtros
segments-export-columns = Columnas del archivo
segments-export-columns-hint = Elija solo lo que necesite.
segments-export-error-no-columns = Por favor, elija al menos una columna.
segments-export-submit = Descargar CSV
segments-export-link = Exportar a estas personas (CSV)
segments-export-file-name = amigos
segments-export-yes = sí
segments-export-no = no
segments-export-column-first-name = Nombre
segments-export-column-last-name = Apellidos
segments-export-column-email = Correo
segments-export-column-email-confirmed = Correo confirmado (UTC)
segments-export-column-phone = Teléfono
segments-export-column-address = Dirección
segments-export-column-postal-code = Código postal
segments-export-column-place = Ciudad o pueblo
segments-export-column-country = País
segments-export-column-language = Idioma preferido
segments-export-column-other-languages = Otros idiomas
segments-export-column-newsletter = Boletín
segments-export-column-events = Avisos
segments-export-column-interests = Intereses
segments-export-column-tags = Etiquetas
segments-export-column-created = Alta (UTC)
segments-export-column-last-activity = Última actividad (UTC)
segments-export-column-number = Número de registro
