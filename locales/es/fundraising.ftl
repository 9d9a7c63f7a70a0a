### Donativos, fondos, campañas, recibos.

fundraising-tabs = Recaudación
fundraising-tab-gifts = Donativos
fundraising-tab-batch = Boleta de depósito
fundraising-tab-funds = Fondos
fundraising-tab-campaigns = Campañas
fundraising-tab-settings = Datos de los recibos
fundraising-optional = (opcional)

## Montos escritos en formularios
fundraising-amount-hint = En dólares, como 1.234,56
fundraising-amount-empty = Escriba un monto.
fundraising-amount-invalid = Escriba el monto solo con cifras, como 1.234,56.
fundraising-amount-negative = El monto no puede ser negativo. Si se devolvió dinero, registre una devolución.
fundraising-amount-zero = El monto debe ser mayor que cero.
fundraising-amount-ambiguous = Este monto se puede leer de dos maneras. Escríbalo como 1.234,56 (punto para los miles, coma para los centavos).
fundraising-amount-too-precise = Los centavos tienen dos cifras como máximo.
fundraising-amount-too-large = Ese monto es demasiado grande para un solo registro.

## Formas y tipos
fundraising-method-card = Tarjeta
fundraising-method-check = Cheque
fundraising-method-cash = Efectivo
fundraising-method-transfer = Transferencia bancaria
fundraising-method-in-kind = En especie
fundraising-kind-gift = Donativo
fundraising-kind-refund = Devolución
fundraising-kind-correction = Corrección
fundraising-check-number = cheque n.º { $number }
fundraising-general-support = Apoyo general
fundraising-no-campaign = Ninguna campaña
fundraising-anonymous = Anónimo

## Donativos
fundraising-gifts-title = Donativos
fundraising-gift-new = Registrar un donativo
fundraising-gift-record = Registrar el donativo
fundraising-gift-title = Donativo n.º { $number }
fundraising-field-amount = Monto
fundraising-field-received-on = Fecha de recepción
fundraising-field-method = Forma de pago
fundraising-field-check-number = Número de cheque
fundraising-check-number-hint = Solo para cheques.
fundraising-field-description = Qué se donó
fundraising-description-hint = Solo para donativos en especie: describa los bienes o servicios.
fundraising-field-donor-name = Nombre de quien dona
fundraising-field-donor-email = Correo de quien dona
fundraising-donor-email-hint = El recibo se envía aquí. Sin correo no se envía recibo.
fundraising-field-donor-language = Idioma del recibo
fundraising-field-fund = Destino
fundraising-field-campaign = Campaña
fundraising-field-dedication = Dedicatoria
fundraising-dedication-hint = Por ejemplo: En memoria de …
fundraising-field-acknowledge-as = Reconocimiento público
fundraising-acknowledge-hint = El nombre que se muestra en la página pública del fondo. Déjelo vacío para que sea anónimo.
fundraising-field-note = Nota
fundraising-ledger-recent = Últimos registros
fundraising-ledger-empty = Todavía no hay donativos registrados.
fundraising-col-number = N.º
fundraising-col-date = Fecha
fundraising-col-donor = Donante
fundraising-col-method = Forma
fundraising-col-fund = Fondo
fundraising-col-amount = Monto
fundraising-col-receipt = Comprobante
fundraising-col-campaign = Campaña
fundraising-col-dates = Fechas
fundraising-col-donors = Donantes
fundraising-net = Valor tras devoluciones y correcciones
fundraising-corrections = Devoluciones y correcciones
fundraising-correction-title = Devolver o corregir
fundraising-correction-intro = El donativo nunca se modifica: una devolución o corrección es un registro nuevo en el libro.
fundraising-correction-kind = Qué pasó
fundraising-correction-refund = Se devolvió dinero (devolución)
fundraising-correction-correction = El monto se registró mal (corrección)
fundraising-correction-amount = Monto
fundraising-correction-amount-hint = Para una devolución: el monto devuelto. Para una corrección: lo que realmente fue el donativo.
fundraising-correction-record = Registrar
fundraising-error-no-change = Esto no cambia nada.
fundraising-error-too-much = Es más de lo que vale ahora el donativo.

## Recibos
fundraising-receipt = Recibo
fundraising-receipt-number = Recibo { $number }
fundraising-receipt-sends = { $count ->
    [one] enviado una vez
   *[other] enviado { $count } veces
}
fundraising-receipt-resend = Enviar el recibo otra vez
fundraising-receipt-send = Enviar un recibo
fundraising-receipt-no-email = Sin correo: no se envió recibo.

## Boleta de depósito
fundraising-batch-title = Boleta de depósito
fundraising-batch-intro = Escriba todos los cheques de un depósito y el total de la boleta. No se registra nada si los cheques no suman el total.
fundraising-field-deposited-on = Fecha del depósito
fundraising-field-slip-total = Total de la boleta
fundraising-batch-check = Cheque { $n }
fundraising-batch-more = Más filas
fundraising-batch-record = Registrar el depósito
fundraising-batch-recorded = { $count ->
    [one] Se registró un cheque, { $total } en total.
   *[other] Se registraron { $count } cheques, { $total } en total.
}
fundraising-error-batch-total = Los cheques suman { $sum }, no el total de la boleta.
fundraising-error-batch-empty = Escriba al menos un cheque.

## Fondos
fundraising-funds-title = Fondos
fundraising-funds-intro = Dinero reservado para un proyecto de la comunidad hermana. Cada fondo tiene una página pública con sus cuentas.
fundraising-funds-none = Todavía no hay fondos.
fundraising-fund-new = Nuevo fondo
fundraising-fund-create = Crear el fondo
fundraising-field-name-es = Nombre en español
fundraising-field-name-en = Nombre en inglés
fundraising-field-slug = Dirección
fundraising-slug-hint = Minúsculas, cifras y guiones. Si queda vacía, se forma con el nombre en español.
fundraising-field-description-es = Descripción en español
fundraising-field-description-en = Descripción en inglés
fundraising-public-page = Página pública
fundraising-money-in = Entradas
fundraising-money-out = Salidas
fundraising-sent = Enviado
fundraising-fees = Comisiones
fundraising-balance = Saldo
fundraising-transfers = Envíos a la comunidad
fundraising-transfers-none = Todavía no se ha enviado nada.
fundraising-transfer-new = Registrar un envío
fundraising-transfer-intro = Dinero enviado de este fondo a la comunidad. Las comisiones son lo que cobran el banco y el cambio además del envío.
fundraising-field-sent-on = Fecha del envío
fundraising-field-transfer-amount = Monto enviado
fundraising-field-fees = Comisiones
fundraising-fees-hint = Comisiones del banco y del cambio, en dólares.
fundraising-field-purpose = Para qué sirvió
fundraising-field-media = Comprobante o foto
fundraising-no-media = Ninguno
fundraising-transfer-record = Registrar el envío
fundraising-transfer-receipt = Comprobante
fundraising-error-name = Escriba un nombre.
fundraising-error-slug = Escriba una dirección con letras o cifras.
fundraising-error-slug-taken = Esta dirección ya está en uso.
fundraising-error-purpose = Diga para qué sirvió el dinero.
fundraising-error-media = Elija una imagen de la biblioteca.

## Campañas
fundraising-campaigns-title = Campañas
fundraising-campaigns-none = Todavía no hay campañas.
fundraising-campaign-new = Nueva campaña
fundraising-campaign-create = Crear la campaña
fundraising-field-goal = Meta
fundraising-field-starts-on = Empieza
fundraising-field-ends-on = Termina
fundraising-goal = Meta
fundraising-raised = Recaudado
fundraising-error-ends-before = El final es anterior al inicio.
fundraising-campaign-dates = Del { $starts } al { $ends }
fundraising-campaign-since = Desde el { $starts }
fundraising-progress = { $raised } recaudados de una meta de { $goal } ({ $percent } %)
fundraising-campaign-donors = { $count ->
    [one] Una persona ha donado hasta ahora.
   *[other] { $count } personas han donado hasta ahora.
}

## Página pública de un fondo
fundraising-public-ledger = Adónde va el dinero
fundraising-public-ledger-intro = Cada donativo a este fondo y cada envío a la comunidad, sumados. Las entradas menos las salidas son el saldo que queda por enviar.
fundraising-donors = Donantes
fundraising-donors-note = Aquí aparecen solo quienes pidieron que se publicara su nombre; las demás personas donaron de forma anónima.

## Datos de los recibos
fundraising-settings-title = Datos de los recibos
fundraising-settings-receipts = Lo que dice cada recibo
fundraising-settings-intro = Los recibos llevan el nombre legal de la organización, su EIN y una declaración para efectos fiscales.
fundraising-field-legal-name = Nombre legal
fundraising-legal-name-hint = Vacío: el nombre de la organización.
fundraising-field-ein = EIN
fundraising-ein-hint = Nueve cifras, como 12-3456789.
fundraising-field-receipt-text-es = Declaración en español
fundraising-field-receipt-text-en = Declaración en inglés
fundraising-receipt-text-hint = Vacía: «No se entregaron bienes ni servicios a cambio de este donativo».
fundraising-settings-save = Guardar
fundraising-settings-saved = Guardado.
fundraising-error-ein = Un EIN tiene nueve cifras, como 12-3456789.

## Problemas en formularios
fundraising-error-method = Elija la forma de pago.
fundraising-error-check-number = Escriba el número de cheque.
fundraising-error-description = Describa qué se donó.
fundraising-error-date = Escriba una fecha.
fundraising-error-donor-name = Escriba el nombre de quien dona.
fundraising-error-email = Esta dirección de correo no parece correcta.
fundraising-error-fund = Elija un fondo de la lista.
fundraising-error-in-kind-fund = Un fondo guarda dinero: un donativo en especie va a apoyo general.
fundraising-error-too-long = Algún texto era demasiado largo y se acortó; revíselo y envíe otra vez.

## Donantes
fundraising-donors-title = Donantes
fundraising-donors-intro = Todas las personas que donaron, la más reciente primero, con el total tras devoluciones.
fundraising-donors-intro-no-amounts = Todas las personas que donaron, la más reciente primero. Los montos son para la tesorería.
fundraising-col-gifts = Donativos
fundraising-col-last-gift = Último donativo
fundraising-col-total = Total
fundraising-plans-title = Donativos mensuales y anuales
fundraising-plans-intro = Donativos con tarjeta por medio de Stripe que se repiten cada mes o cada año. Quien dona los cambia o los cancela desde «Mis datos».
fundraising-plans-none = Todavía nadie da cada mes ni cada año.
fundraising-col-how-often = Cada cuánto
fundraising-col-since = Desde
fundraising-col-plan-state = Estado
fundraising-plan-every-month = Cada mes
fundraising-plan-every-year = Cada año
fundraising-plan-active = Activo
fundraising-plan-past-due = Falló el último pago; Stripe volverá a intentar con la tarjeta
fundraising-plan-cancelled = Cancelado el { $date }

## La página para donar
fundraising-donate-title = Donar
fundraising-donate-intro = Su donativo va al trabajo que hacemos junto con nuestra comunidad hermana: becas, proyectos que la comunidad elige, delegaciones e incidencia.
fundraising-donate-amount = Monto
fundraising-donate-other = Otro monto
fundraising-donate-other-amount = Si es otro monto, ¿cuánto?
fundraising-donate-frequency = Con qué frecuencia
fundraising-donate-frequency-once = Una vez
fundraising-donate-frequency-month = Cada mes
fundraising-donate-frequency-year = Cada año
fundraising-donate-fund-label = A dónde va su donativo
fundraising-donate-about-you = Sobre usted
fundraising-donate-name = Su nombre
fundraising-donate-email = Su correo electrónico
fundraising-donate-email-hint = Aquí le enviamos el recibo.
fundraising-donate-optional = (opcional)
fundraising-donate-dedication-hint = Por ejemplo: en memoria de María Serrano.
fundraising-donate-anonymous = No mostrar mi nombre (anónimo)
fundraising-donate-named = Agradecerme públicamente con mi nombre
fundraising-donate-acknowledge-as = El nombre que se muestra
fundraising-donate-submit = Continuar al pago con tarjeta
fundraising-donate-card-note = Usted paga en la página segura de Stripe; nunca vemos el número de su tarjeta. Un donativo mensual o anual se puede cambiar o cancelar en cualquier momento desde «Mis datos».
fundraising-donate-for-campaign = Su donativo cuenta para la campaña «{ $campaign }».
fundraising-donate-problems = Algunas respuestas necesitan revisión. No se cobró nada.
fundraising-donate-error-amount = Elija un monto o escriba otro monto.
fundraising-donate-error-fund = Elija de la lista a dónde va su donativo.
fundraising-donate-error-stripe = No se pudo abrir la página de pago con tarjeta en este momento. No se cobró nada; inténtelo de nuevo en un momento, o done con cheque.
fundraising-donate-no-card = Este sitio no recibe pagos con tarjeta. Puede donar con cheque o transferencia bancaria:
fundraising-donate-by-mail-title = Donar con cheque o transferencia
fundraising-donate-by-mail-ask = Escriba al comité y le diremos cómo.
fundraising-donate-product = Donativo
fundraising-donate-to-fund = Donar a este fondo
fundraising-donate-to-campaign = Donar a esta campaña
fundraising-thanks-title = ¡Gracias!
fundraising-thanks-text = Gracias por su donativo. Su recibo le llegará por correo electrónico en cuanto se confirme el pago.
fundraising-thanks-plans = Un donativo mensual o anual se puede cambiar o cancelar en cualquier momento:
fundraising-thanks-details-link = Mis datos
fundraising-settings-give-by-mail = Donar con cheque o transferencia
fundraising-settings-give-by-mail-intro = Se muestra en la página para donar: la dirección postal para cheques y los datos bancarios para transferencias. Sin pagos con tarjeta configurados, es todo lo que ofrece la página.
fundraising-field-give-by-mail-es = Instrucciones en español
fundraising-field-give-by-mail-en = Instrucciones en inglés
## Informes
fundraising-tab-reports = Informes
fundraising-reports-title = Informes de donativos, { $year }
fundraising-reports-year = Año
fundraising-reports-show = Mostrar
fundraising-reports-summary = { $count ->
    [one] En { $year }: un donativo, { $total } tras devoluciones.
   *[other] En { $year }: { $count } donativos, { $total } tras devoluciones.
}
fundraising-reports-in-kind = Los montos son solo dinero: los donativos en especie están en la hoja de cálculo pero no en estos totales. Las devoluciones y correcciones cuentan el día en que se hicieron.
fundraising-reports-by-month = Por mes
fundraising-reports-month = Mes
fundraising-reports-chart-title = Donativos por mes en { $year }
fundraising-reports-chart-desc = Gráfico de barras del dinero donado cada mes de { $year }. El mes más alto es { $month }, con { $total }. La tabla de abajo da las cifras de cada mes.
fundraising-reports-chart-empty = Gráfico de barras del dinero donado cada mes de { $year }: ese año no se registró dinero.
fundraising-reports-chart-caption = Las mismas cifras están en la tabla de abajo.
fundraising-reports-by-campaign = Por campaña
fundraising-reports-by-fund = Por fondo
fundraising-reports-no-campaign = Sin campaña
fundraising-reports-general = Apoyo general (sin fondo)
fundraising-reports-nothing = No se registró dinero en { $year }.
fundraising-reports-lapsed = Donaron en { $previous }, aún no en { $year }
fundraising-reports-lapsed-count = { $count ->
    [0] Todas las personas que donaron en { $previous } han vuelto a donar en { $year }.
    [one] Una persona donó en { $previous } y no ha donado en { $year }.
   *[other] { $count } personas donaron en { $previous } y no han donado en { $year }.
}
fundraising-reports-lapsed-total = Donado en { $previous }
fundraising-reports-export = Hoja de cálculo para la contabilidad
fundraising-reports-export-intro = Cada fila del registro entre dos fechas (donativos, devoluciones y correcciones), con los números de recibo, en un archivo CSV que abren Excel y LibreOffice.
fundraising-reports-from = Desde
fundraising-reports-to = Hasta (incluido)
fundraising-reports-download = Descargar el CSV
fundraising-reports-error-dates = Escriba ambas fechas con día, mes y año.
fundraising-reports-error-order = La primera fecha no puede ser posterior a la segunda.
fundraising-reports-file-name = registro
fundraising-reports-col-receipt = Número de recibo
fundraising-reports-col-method = Forma de pago
fundraising-reports-col-minor = Monto en centavos
fundraising-reports-col-currency = Moneda
fundraising-reports-col-kind = Tipo
fundraising-reports-kind-gift = Donativo
fundraising-reports-kind-refund = Devolución
fundraising-reports-kind-correction = Corrección

## La lista pública de fondos
fundraising-index-title = Fondos y campañas
fundraising-index-intro = Adónde va el dinero: el registro público de cada fondo muestra lo que entró, lo que se envió a la comunidad y lo que queda.
fundraising-index-campaigns = Campañas en curso
fundraising-index-funds = Fondos
fundraising-index-raised = Se han reunido { $raised } de { $goal }.
fundraising-index-ends = Termina el { $ends }.
fundraising-index-fund-figures = Entradas: { $money_in } · Salidas: { $money_out } · Saldo: { $balance }
fundraising-index-none = Aún no se ha abierto ningún fondo.

## Constancias anuales
fundraising-tab-statements = Constancias anuales
fundraising-statements-title = Constancias anuales, { $year }
fundraising-statements-counts = { $donors ->
    [one] Una persona donó en { $year }; { $with_email } con dirección de correo.
   *[other] { $donors } personas donaron en { $year }; { $with_email } con dirección de correo.
}
fundraising-statements-send-heading = Enviar a cada donante su constancia
fundraising-statements-intro = Cada donante recibe un correo, en su idioma, con los donativos del año, sus números de recibo y el total. Enviar otra vez más tarde solo llega a quienes aún no la recibieron: nadie recibe dos.
fundraising-statements-send = Enviar las constancias de { $year } ({ $count })
fundraising-statements-progress = Constancias en cola: { $queued } de { $total }
fundraising-statements-refresh = Esta página se actualiza sola cada dos segundos hasta que estén todas en cola.
fundraising-statements-done = Listo: { $queued } de { $total } constancias están en la bandeja de salida.
fundraising-statements-failed = El último envío se detuvo por un error. Envíelas de nuevo: quienes ya recibieron la suya no recibirán otra.
fundraising-statements-print-heading = Imprimir una constancia
fundraising-statements-no-email = sin dirección: imprímala
fundraising-statement-title = Constancia de donativos { $year }: { $name }
fundraising-statement-back = Volver a las constancias anuales
