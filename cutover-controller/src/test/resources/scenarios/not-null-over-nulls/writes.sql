UPDATE t SET c = {n} WHERE id = {id} AND id <> 1500
