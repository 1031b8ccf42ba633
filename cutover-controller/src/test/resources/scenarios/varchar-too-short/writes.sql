UPDATE t SET c = 'ok' WHERE id = {id} AND id <> 777
