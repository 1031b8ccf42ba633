UPDATE t SET k = k + 1 WHERE id = {id} AND id <> 42
