UPDATE t SET c = CAST({n} AS CHAR) WHERE id = {id} AND id <> 99
