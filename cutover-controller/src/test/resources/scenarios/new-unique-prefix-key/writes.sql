UPDATE t SET c = MD5({n}) WHERE id = {id}
