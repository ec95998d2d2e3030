import PonderCore
import AsyncHTTPClient
import NIOCore
import Logging
