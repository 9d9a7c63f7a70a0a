# Correo. El asunto de cada correo es mail-<plantilla>-subject; las demás claves son su texto.
mail-footer = Enviado por Hermana para { $organization }.
mail-test-message-subject = Mensaje de prueba de { $organization }
mail-test-message-greeting = Hola:
mail-test-message-body = Este es un mensaje de prueba de Hermana, enviado para { $organization }.
mail-test-message-closing = Si puede leerlo, el correo de este sitio llega a sus destinatarios.
