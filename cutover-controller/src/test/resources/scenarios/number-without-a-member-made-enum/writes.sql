UPDATE t SET i = {id} % 3 WHERE id = {id} AND id <> 1234
