# Importación de simpatizantes desde CSV (grupo coordinador).
import-title = Importar simpatizantes
import-intro = Traiga una lista de contactos exportada de Wix, Action Network, CiviCRM, Mailchimp o una hoja de cálculo. Verá lo que pasaría antes de que cambie nada.
import-upload-title = 1. Elija el archivo
import-field-file = Archivo CSV
import-file-hint = Un archivo .csv de hasta { $mb } MB, separado por comas o punto y coma, en UTF-8 o Windows-1252 (como lo guarda Excel). Desde Excel o Google Sheets: «Guardar como» o «Descargar» → CSV.
import-nothing-yet = Subir el archivo no cambia nada todavía: la página siguiente muestra una vista previa.
import-upload-submit = Subir y ver la vista previa
import-recent = Importaciones recientes
import-none = Todavía no hay importaciones.
import-col-file = Archivo
import-col-status = Estado
import-col-counts = Resultado
import-col-when = Subido
import-status-mapping = hay que elegir sus columnas
import-status-ready = vista previa lista, aún sin importar
import-status-queued = esperando para empezar
import-status-running = importando
import-status-done = importado
import-status-failed = falló
import-counts-short = { $created } nuevos, { $matched } coincidencias, { $rejected } rechazados
import-facts = { $rows } filas · leído como { $encoding } · separado por «{ $delimiter }».
import-source = Reconocido como una exportación de { $source }.
import-running-title = Importando…
import-progress-label = Avance
import-progress-text = { $processed } de { $total } filas hechas
import-running-hint = Puede salir de esta página: la importación sigue sin ella, y continúa si el servidor se reinicia.
import-done-title = Importación terminada
import-done-when = Terminó el { $when }.
import-count-created = { $count ->
    [one] 1 simpatizante nuevo
   *[other] { $count } simpatizantes nuevos
}
import-count-matched = { $count ->
    [one] 1 fila coincide
   *[other] { $count } filas coinciden
} con alguien que ya está en los registros (se llenaron sus datos vacíos y se agregaron etiquetas y consentimientos; nada se sobrescribió)
import-count-rejected = { $count ->
    [one] 1 fila rechazada
   *[other] { $count } filas rechazadas
}
import-count-suggested = { $count ->
    [one] 1 posible duplicado
   *[other] { $count } posibles duplicados
} para revisar (mismo nombre y código postal, otro correo)
import-download-rejected = Descargar las filas rechazadas (CSV, con el motivo de cada una)
import-see-list = Ver los simpatizantes
import-another = Importar otro archivo
import-suggestions-title = Posibles duplicados
import-suggestions-intro = Estos registros nuevos tienen el mismo nombre y código postal que un registro anterior, pero otro correo. No se unieron: mire los dos y únalos si son la misma persona.
import-suggestion = Línea { $line }:
import-merge = Unir #{ $id } con #{ $into }
import-failed = Esta importación falló y se detuvo. No se importó nada después del último lote guardado. Suba el archivo de nuevo para reintentar: las filas ya importadas se reconocerán, no se duplicarán.
import-preview-title = 2. Revise la vista previa
import-preview-intro = Todavía no se ha importado nada. Esto es lo que haría importar ahora:
import-matched-title = Filas que coinciden con alguien que ya está en los registros
import-rejected-title = Filas que se rechazarán, y por qué
import-line = Línea { $line }
import-same-as-line = mismo correo que la línea { $line }
import-commit = Importar { $count } filas ahora
import-mapping-table = Columnas del archivo
import-mapping-title = Cómo se leen las columnas
import-mapping-needed = No pudimos saber qué columna tiene el correo electrónico o el nombre. Elija qué contiene cada columna y vuelva a ver la vista previa.
import-mapping-intro = Revise qué contiene cada columna. Corrija las que estén mal y vuelva a ver la vista previa.
import-mapping-submit = Usar estas columnas y ver la vista previa
import-col-column = Columna del archivo
import-col-samples = Primeros valores
import-col-field = Contiene
import-unnamed-column = Columna { $n } (sin nombre)
import-field-ignore = — no importar —
import-field-email = Correo electrónico
import-field-first-name = Nombre
import-field-last-name = Apellidos
import-field-full-name = Nombre completo
import-field-phone = Teléfono
import-field-street = Dirección
import-field-city = Ciudad
import-field-region = Estado o departamento
import-field-postal-code = Código postal
import-field-country = País
import-field-language = Idioma preferido
import-field-tags = Etiquetas
import-field-newsletter-consent = Suscripción al boletín
import-field-newsletter-opt-out = No quiere correos masivos
import-field-notes = Notas
import-error-no-file = Elija un archivo CSV para subir.
import-error-empty = El archivo está vacío.
import-error-too-large = El archivo pesa más de { $mb } MB. Divídalo en archivos más pequeños.
import-error-workbook = Este es un libro de hoja de cálculo (.xlsx o .xls), no un archivo CSV. En Excel o Google Sheets, guárdelo o descárguelo primero como CSV.
import-error-not-text = Este archivo no es de texto. Elija un archivo .csv.
import-error-invalid-text = El archivo empieza como { $encoding } pero tiene caracteres que no son { $encoding } válido. Guárdelo de nuevo como «CSV UTF-8».
import-error-quote = Unas comillas (") abiertas en la línea { $line } nunca se cierran. Revise esa línea en una hoja de cálculo.
import-error-columns = La línea { $line } tiene más de { $max } columnas.
import-error-header = El nombre de la columna { $column } es demasiado largo para ser un nombre de columna. ¿La primera línea del archivo tiene los nombres de las columnas?
import-error-rows = El archivo tiene más filas de las que podemos importar de una vez ({ $max }). Divídalo en archivos más pequeños.
import-error-no-rows = El archivo tiene nombres de columnas pero ninguna fila.
import-error-malformed = La línea { $line } no se puede leer como CSV.
import-error-not-mapped = Primero elija qué columna tiene el correo electrónico o el nombre.
import-error-field-twice = «{ $field }» está elegido para más de una columna. Elíjalo para una sola columna.
import-error-no-identity-column = Elija al menos una columna con el correo electrónico o un nombre.
import-reason-column = Motivo
import-reason-field-count = { $found } campos donde los nombres de columnas son { $expected } (falta o sobra un separador)
import-reason-field-too-large = el campo { $column } tiene más de { $max } bytes
import-reason-no-identity = no tiene ni correo electrónico ni nombre
import-reason-bad-email = el correo electrónico no es válido
import-cli-preview = { $rows } filas: { $created } nuevas, { $matched } coincidencias, { $rejected } rechazadas, { $suggested } posibles duplicados.
import-cli-confirm = Vuelva a ejecutarlo con --yes para importar.
import-cli-done = Importación #{ $id } terminada: { $created } nuevos, { $matched } coincidencias, { $rejected } rechazados, { $suggested } posibles duplicados.
import-cli-unmapped = No se puede saber qué columna tiene el correo electrónico o el nombre. Suba el archivo en la interfaz web para elegir las columnas a mano.
