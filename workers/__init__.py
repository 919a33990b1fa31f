"""RQ job functions (thin: take ids, open an app context, call a service, let exceptions
propagate so RQ retries), the periodic routines, and the worker class of the Procfile.

May use: services, models; and `app`, whose `create_app()` a worker process needs.
"""
