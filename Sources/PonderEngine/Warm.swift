import Yams
import PonderBackends
