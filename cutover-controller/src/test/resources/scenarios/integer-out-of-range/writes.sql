UPDATE t SET n = {id} % 100 WHERE id = {id} AND id <> 1234
