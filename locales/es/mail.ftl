# Correo. El asunto de cada correo es mail-<plantilla>-subject; las demás claves son su texto.
mail-footer = Enviado por Hermana para { $organization }.
mail-test-message-subject = Mensaje de prueba de { $organization }
mail-test-message-greeting = Hola:
mail-test-message-body = Este es un mensaje de prueba de Hermana, enviado para { $organization }.
mail-test-message-closing = Si puede leerlo, el correo de este sitio llega a sus destinatarios.
mail-invitation-subject = { $inviter } le invita al grupo coordinador de { $organization }
mail-invitation-greeting = Hola:
mail-invitation-body = { $inviter } le invita a formar parte del grupo coordinador de { $organization } en su sitio web, con el rol de { $role }.
mail-invitation-action = Abra este enlace para elegir su contraseña y unirse:
mail-invitation-expiry = El enlace funciona una sola vez, durante 7 días. Si no esperaba este correo, puede ignorarlo.
mail-password-reset-subject = Elija una contraseña nueva para { $organization }
mail-password-reset-greeting = Hola, { $name }:
mail-password-reset-body = Alguien (esperamos que usted) pidió cambiar la contraseña de su cuenta en el sitio web de { $organization }. Abra este enlace para elegir una nueva:
mail-password-reset-action = Elegir una contraseña nueva
mail-password-reset-expiry = El enlace funciona una sola vez, durante una hora. Si usted no lo pidió, ignore este correo: su contraseña sigue igual.
